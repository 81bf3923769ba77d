import { parseConnectorConfig } from "@freshet/connectors/config";
import { parseDataflowSpec } from "@freshet/dataflow/spec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pipelineSpecSchema } from "../spec/pipeline-spec.js";
import { arbitraryPipeline } from "../test-support/arbitrary-pipeline.js";
import { compilePipeline } from "./compile.js";

describe("compilePipeline (properties)", () => {
  it("always gives documents the dataflow and connector parsers accept, joined by the topics it lists", () => {
    fc.assert(
      fc.property(arbitraryPipeline, (value) => {
        const spec = pipelineSpecSchema.parse(value);
        const compiled = compilePipeline(spec);
        const written = new Set(Object.values(spec.sources).map((s) => s.topic));
        if (compiled.dataflow !== undefined) {
          const dataflow = parseDataflowSpec(compiled.dataflow.yaml);
          if (!dataflow.ok) throw new Error(dataflow.errors.map((e) => e.message).join("; "));
          expect(dataflow.spec.name).toBe(spec.name);
          expect(Object.keys(dataflow.spec.operators)).toEqual(Object.keys(spec.operators).sort());
          for (const sink of Object.values(dataflow.spec.sinks)) if (sink.topic !== undefined) written.add(sink.topic);
        }
        for (const connector of compiled.connectors) {
          const parsed = parseConnectorConfig(connector.yaml);
          if (!parsed.ok) throw new Error(parsed.message);
          expect(parsed.config.name).toBe(`${spec.name}-${connector.node}`);
          // A sink connector reads a topic a source reads or the dataflow writes; every topic is listed.
          for (const topic of parsed.config.topics ?? []) expect(written.has(topic) && compiled.topics.includes(topic)).toBe(true);
          if (parsed.config.topic !== undefined) expect(compiled.topics).toContain(parsed.config.topic);
        }
        const connectorNodes = [...Object.entries(spec.sources), ...Object.entries(spec.sinks)].filter(([, body]) => body.connector !== undefined).map(([id]) => id);
        expect(compiled.connectors.map((c) => c.node).sort()).toEqual(connectorNodes.sort());
      }),
      { numRuns: 200 },
    );
  });
});
