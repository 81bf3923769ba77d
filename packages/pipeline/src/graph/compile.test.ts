import { parseConnectorConfig } from "@freshet/connectors/config";
import { parseDataflowSpec } from "@freshet/dataflow/spec";
import { describe, expect, it } from "vitest";
import { SENSORS, specOf } from "../test-support/sensors-pipeline.js";
import { compilePipeline } from "./compile.js";

function connectorOf(yaml: string) {
  const parsed = parseConnectorConfig(yaml);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.config;
}

describe("compilePipeline", () => {
  it("compiles the sensors pipeline into one dataflow and two connectors joined by topics", () => {
    const compiled = compilePipeline(specOf(SENSORS));
    expect(compiled.topics).toEqual(["sensor-readings", "sensors.to-postgres"]);
    expect(compiled.connectors.map((c) => [c.name, c.node])).toEqual([
      ["sensors-readings", "readings"],
      ["sensors-to-postgres", "to-postgres"],
    ]);
    const [source, sink] = compiled.connectors.map((c) => connectorOf(c.yaml));
    expect(source).toMatchObject({ name: "sensors-readings", type: "mqtt-source", topic: "sensor-readings", config: { url: "mqtt://127.0.0.1:1883" } });
    expect(sink).toMatchObject({ name: "sensors-to-postgres", type: "postgres-sink", topics: ["sensors.to-postgres"] });
    expect(sink?.topic).toBeUndefined();

    const dataflow = parseDataflowSpec(compiled.dataflow?.yaml ?? "");
    if (!dataflow.ok) throw new Error(dataflow.errors.map((e) => e.message).join("; "));
    expect(compiled.dataflow?.name).toBe("sensors");
    expect(dataflow.spec.name).toBe("sensors");
    expect(Object.keys(dataflow.spec.sources)).toEqual(["readings"]);
    expect(dataflow.spec.sources["readings"]).not.toHaveProperty("connector");
    expect(dataflow.spec.operators["hot"]?.filter).toEqual({ smartmodule: "hot-filter", params: { min: "30" } });
    expect(dataflow.spec.sinks).toEqual({ "counts-view": { from: "counts", view: { retainWindows: 1_000 } }, "to-postgres": { from: "counts", topic: "sensors.to-postgres" } });
    expect(dataflow.spec.layout).toBeUndefined();
  });

  it("deploys no dataflow when a sink connector reads a source directly", () => {
    const compiled = compilePipeline(
      specOf(`apiVersion: freshet.io/v1
kind: Pipeline
name: bridge
sources:
  in: { topic: raw, connector: { type: mqtt-source, config: { url: "mqtt://b:1883", topics: [a] } } }
sinks:
  out: { from: in, topic: ignored, connector: { type: nats-sink } }
`),
    );
    expect(compiled.dataflow).toBeUndefined();
    expect(compiled.topics).toEqual(["raw"]);
    expect(compiled.connectors.map((c) => connectorOf(c.yaml).topics ?? connectorOf(c.yaml).topic)).toEqual(["raw", ["raw"]]);
  });

  it("is the same whatever the layout, description or order of nodes in the document", () => {
    const moved = SENSORS.replace("hot: { x: 200, y: 0 }", "hot: { x: 90, y: 40 }").replace("name: sensors\n", "name: sensors\ndescription: counts\n");
    const reordered = SENSORS.replace("  counts-view: { from: counts, view: {} }\n", "").replace("layout:", "  counts-view: { from: counts, view: {} }\nlayout:");
    expect(compilePipeline(specOf(moved))).toEqual(compilePipeline(specOf(SENSORS)));
    expect(compilePipeline(specOf(reordered))).toEqual(compilePipeline(specOf(SENSORS)));
  });

  it("changes only the component whose node changed", () => {
    const before = compilePipeline(specOf(SENSORS));
    const after = compilePipeline(specOf(SENSORS.replace("table: counts", "table: device_counts")));
    expect(after.dataflow).toEqual(before.dataflow);
    expect(after.connectors[0]).toEqual(before.connectors[0]);
    expect(after.connectors[1]).not.toEqual(before.connectors[1]);
  });
});
