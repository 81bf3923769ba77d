import { describe, expect, it } from "vitest";
import { compilePipeline } from "../graph/compile.js";
import { pipelineGraph } from "../graph/pipeline-graph.js";
import { SENSORS, specOf } from "../test-support/sensors-pipeline.js";
import { renameNode } from "./rename-node.js";

describe("renameNode", () => {
  it("renames the node, every reference to it and its layout entry, comments kept", () => {
    const text = renameNode(SENSORS, "hot", "warm");
    expect(text).toContain("  # only readings over the threshold\n  warm:\n");
    expect(text).toContain("  warm: { x: 200, y: 0 }\n");
    const graph = pipelineGraph(specOf(text));
    expect(graph.edges.map((e) => e.id)).toEqual(expect.arrayContaining(["readings->warm", "warm->per-device"]));
    expect(graph.nodes.find((n) => n.id === "warm")?.position).toEqual({ x: 200, y: 0 });
  });

  it("follows a lookup table and a from list", () => {
    const text = SENSORS.replace("    keyBy: device\n", "    lookup: { table: readings, as: r }\n").replace("from: hot", "from: [hot, readings]");
    expect(renameNode(text, "readings", "raw")).toContain("    from: [ hot, raw ]\n    lookup: { table: raw, as: r }\n");
  });

  it("changes what is deployed only by the name", () => {
    const renamed = compilePipeline(specOf(renameNode(SENSORS, "to-postgres", "to-pg")));
    expect(renamed.connectors.map((c) => c.name)).toEqual(["sensors-readings", "sensors-to-pg"]);
  });

  it("refuses a name in use with one sentence", () => {
    expect(() => renameNode(SENSORS, "hot", "counts")).toThrow("a node named counts already exists");
    expect(() => renameNode(SENSORS, "cold", "warm")).toThrow("there is no node named cold");
  });
});
