import type { PipelineGraph, PipelineNode } from "@freshet/pipeline/graph";
import { describe, expect, it } from "vitest";
import { layoutGraph } from "./layout-graph";

const SIZE = { width: 200, height: 64 };

function node(id: string, position?: { x: number; y: number }): PipelineNode {
  return { id, section: "operators", family: "operator", kind: "map", summary: "", ...(position && { position }) };
}

const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target, port: "in" as const });

describe("layoutGraph", () => {
  it("lays a chain out left to right, each node a column further than the one it reads", () => {
    const graph: PipelineGraph = { nodes: [node("c"), node("a"), node("b")], edges: [edge("a", "b"), edge("b", "c")] };
    const at = layoutGraph(graph, SIZE);
    expect(at.b!.x - at.a!.x).toBeGreaterThanOrEqual(SIZE.width);
    expect(at.c!.x - at.b!.x).toBeGreaterThanOrEqual(SIZE.width);
    expect(at.a!.y).toBe(at.b!.y);
  });

  it("puts two readers of one node in the same column, apart", () => {
    const at = layoutGraph({ nodes: [node("a"), node("b"), node("c")], edges: [edge("a", "b"), edge("a", "c")] }, SIZE);
    expect(at.b!.x).toBe(at.c!.x);
    expect(at.b!.y).not.toBe(at.c!.y);
  });

  it("keeps written positions and places the others below them", () => {
    const graph: PipelineGraph = { nodes: [node("a", { x: 5, y: 7 }), node("b", { x: 300, y: 100 }), node("c")], edges: [] };
    const at = layoutGraph(graph, SIZE);
    expect(at.a).toEqual({ x: 5, y: 7 });
    expect(at.b).toEqual({ x: 300, y: 100 });
    expect(at.c!.y).toBeGreaterThanOrEqual(100 + SIZE.height);
  });

  it("sizes the columns by the node box it is given", () => {
    const graph: PipelineGraph = { nodes: [node("a"), node("b")], edges: [edge("a", "b")] };
    const wide = layoutGraph(graph, { width: 400, height: 64 });
    expect(wide.b!.x - wide.a!.x).toBeGreaterThanOrEqual(400);
  });
});
