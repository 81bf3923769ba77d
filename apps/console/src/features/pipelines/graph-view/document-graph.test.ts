import { describe, expect, it } from "vitest";
import { documentGraph } from "./document-graph";

const DOCUMENT = `apiVersion: freshet.io/v1
kind: Pipeline
name: sensors
sources:
  readings: { topic: sensor-readings }
operators:
  hot: { from: readings, filter: "temp > 30" }
sinks:
  hot-view: { from: hot, view: {} }
`;

describe("documentGraph", () => {
  it("draws a valid document's nodes and edges", () => {
    const drawn = documentGraph(DOCUMENT);
    if (!drawn.ok) throw new Error(drawn.message);
    expect(drawn.graph.nodes.map((n) => n.id).sort()).toEqual(["hot", "hot-view", "readings"]);
    expect(drawn.graph.edges.map((e) => e.id).sort()).toEqual(["hot->hot-view", "readings->hot"]);
  });

  it("names the line of the first problem when the document cannot be drawn", () => {
    const drawn = documentGraph(DOCUMENT.replace("from: hot,", "from: nowhere,"));
    expect(drawn.ok).toBe(false);
    if (!drawn.ok) expect(drawn.message).toBe("Line 9: sinks.hot-view.from: no source or operator named nowhere");
  });
});
