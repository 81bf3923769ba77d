import { describe, expect, it } from "vitest";
import { pipelineGraph } from "../graph/pipeline-graph.js";
import { SENSORS, specOf } from "../test-support/sensors-pipeline.js";
import { addNode, removeNode } from "./add-remove-node.js";

describe("addNode", () => {
  it("appends the node to its section and its position to the layout, comments kept", () => {
    const text = addNode(SENSORS, "operators", "rooms", { from: "per-device", map: { room: "room" } }, { x: 400, y: 120 });
    expect(text).toContain("# only readings over the threshold");
    expect(text).toContain("  rooms:\n    from: per-device\n    map:\n      room: room\nsinks:");
    expect(text).toContain("  rooms: { x: 400, y: 120 }\n");
    expect(specOf(text).operators["rooms"]).toEqual({ from: "per-device", map: { room: "room" } });
  });

  it("creates a missing section where it belongs, before sinks", () => {
    const text = addNode("apiVersion: freshet.io/v1\nkind: Pipeline\nname: p\nsources:\n  a: { topic: a }\nsinks:\n  b: { from: a, topic: b }\n", "operators", "f", { from: "a", filter: "x > 1" });
    expect(text).toBe("apiVersion: freshet.io/v1\nkind: Pipeline\nname: p\nsources:\n  a: { topic: a }\noperators:\n  f:\n    from: a\n    filter: x > 1\nsinks:\n  b: { from: a, topic: b }\n");
  });

  it("refuses a name in use or not valid, and a document that does not parse, with one sentence", () => {
    expect(() => addNode(SENSORS, "sinks", "hot", { from: "readings", topic: "x" })).toThrow("a node named hot already exists");
    expect(() => addNode(SENSORS, "sinks", "Hot", { from: "readings", topic: "x" })).toThrow(/^Hot is not a valid node name: /);
    expect(() => addNode("sources: [\n", "sinks", "x", {})).toThrow(/^the pipeline YAML does not parse at line \d+: /);
    expect(() => addNode("- a\n", "sinks", "x", {})).toThrow("the pipeline document must be a YAML map of fields");
  });
});

describe("removeNode", () => {
  it("removes the node, the references to it and its layout, and keeps the rest's comments", () => {
    const text = removeNode(SENSORS, "hot");
    expect(text).not.toMatch(/^ {2}hot:/m);
    expect(text).not.toContain("only readings over the threshold");
    expect(text).toContain("# Hot sensors, counted per device");
    expect(text).toContain("  per-device:\n    keyBy: device\n");
    expect(text).toContain("layout:\n  readings: { x: 0, y: 0 }\n");
  });

  it("drops the node from a from list and empties a section to {}", () => {
    const text = removeNode(SENSORS.replace("from: hot", "from: [hot, readings]"), "hot");
    expect(text).toContain("  per-device:\n    from: [ readings ]\n");
    expect(pipelineGraph(specOf(text)).edges.map((e) => e.id)).toContain("readings->per-device");
    const bare = ["hot", "per-device", "counts"].reduce(removeNode, SENSORS);
    expect(bare).toContain("operators: {}\n");
  });

  it("keeps a section comment set off by a blank line", () => {
    expect(removeNode(SENSORS.replace("  # only readings over the threshold\n", "  # filters first\n\n"), "hot")).toContain("operators:\n  # filters first\n\n  per-device:\n");
  });

  it("refuses a node that is not there", () => {
    expect(() => removeNode(SENSORS, "cold")).toThrow("there is no node named cold");
  });
});
