import type { PipelineGraph, PipelineNode } from "@freshet/pipeline/graph";
import { describe, expect, it } from "vitest";
import { layoutGraph, NODE_WIDTH } from "./layout-graph";

function node(id: string, position?: { x: number; y: number }): PipelineNode {
  return { id, section: "operators", family: "operator", kind: "map", summary: "", ...(position && { position }) };
}

const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target, port: "in" as const });

describe("layoutGraph", () => {
  it("lays a chain out left to right, each node a column further than the one it reads", () => {
    const graph: PipelineGraph = { nodes: [node("c"), node("a"), node("b")], edges: [edge("a", "b"), edge("b", "c")] };
    const at = layoutGraph(graph);
    expect(at.b!.x - at.a!.x).toBeGreaterThanOrEqual(NODE_WIDTH);
    expect(at.c!.x - at.b!.x).toBeGreaterThanOrEqual(NODE_WIDTH);
    expect(at.a!.y).toBe(at.b!.y);
  });

  it("puts two readers of one node in the same column, apart", () => {
    const at = layoutGraph({ nodes: [node("a"), node("b"), node("c")], edges: [edge("a", "b"), edge("a", "c")] });
    expect(at.b!.x).toBe(at.c!.x);
    expect(at.b!.y).not.toBe(at.c!.y);
  });

  it("keeps the document's layout when it places every node, and ignores a partial one", () => {
    const placed = layoutGraph({ nodes: [node("a", { x: 5, y: 7 }), node("b", { x: 300, y: 7 })], edges: [edge("a", "b")] });
    expect(placed).toEqual({ a: { x: 5, y: 7 }, b: { x: 300, y: 7 } });
    const partial = layoutGraph({ nodes: [node("a", { x: 5, y: 7 }), node("b")], edges: [edge("a", "b")] });
    expect(partial.a).not.toEqual({ x: 5, y: 7 });
  });
});
