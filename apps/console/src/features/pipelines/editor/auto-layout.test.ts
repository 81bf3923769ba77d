import type { PipelineGraph } from "@freshet/pipeline/graph";
import { describe, expect, it } from "vitest";
import { NODE_HEIGHT, positionsOf } from "./auto-layout";

const node = (id: string, position?: { x: number; y: number }) => ({
  id,
  section: "operators" as const,
  family: "operator" as const,
  kind: "filter",
  summary: "",
  ...(position === undefined ? {} : { position }),
});

describe("positionsOf", () => {
  it("lays a graph without positions out left to right", () => {
    const graph: PipelineGraph = {
      nodes: [node("a"), node("b"), node("c")],
      edges: [
        { id: "a->b", source: "a", target: "b", port: "in" },
        { id: "b->c", source: "b", target: "c", port: "in" },
      ],
    };
    const positions = positionsOf(graph);
    expect(positions.a!.x).toBeLessThan(positions.b!.x);
    expect(positions.b!.x).toBeLessThan(positions.c!.x);
  });

  it("keeps written positions and places the others below them", () => {
    const graph: PipelineGraph = { nodes: [node("a", { x: 5, y: 7 }), node("b", { x: 300, y: 100 }), node("c")], edges: [] };
    const positions = positionsOf(graph);
    expect(positions.a).toEqual({ x: 5, y: 7 });
    expect(positions.b).toEqual({ x: 300, y: 100 });
    expect(positions.c!.y).toBeGreaterThanOrEqual(100 + NODE_HEIGHT);
  });
});
