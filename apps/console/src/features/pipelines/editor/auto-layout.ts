import { Graph, layout } from "@dagrejs/dagre";
import type { PipelineGraph } from "@freshet/pipeline/graph";

/** The size a node is drawn at; dagre places boxes of this size. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;

export type Positions = Record<string, { x: number; y: number }>;

/**
 * Where each node is drawn: its layout-block position when it has one, else dagre's left-to-right
 * placement. Only the placement of nodes without a position is computed: nothing is written to
 * the document until the person moves a node, so opening a document never changes it.
 */
export function positionsOf(graph: PipelineGraph): Positions {
  const positions: Positions = {};
  const unplaced = graph.nodes.filter((node) => node.position === undefined);
  for (const node of graph.nodes) if (node.position !== undefined) positions[node.id] = { x: node.position.x, y: node.position.y };
  if (unplaced.length === 0) return positions;
  const g = new Graph();
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of graph.edges) g.setEdge(edge.source, edge.target);
  layout(g);
  // Placed nodes keep their spot; laid-out ones go below everything placed so they never cover it.
  const placed = Object.values(positions);
  const offset = placed.length === 0 ? 0 : Math.max(...placed.map((p) => p.y)) + NODE_HEIGHT + 40;
  for (const node of unplaced) {
    const box = g.node(node.id) as { x: number; y: number };
    positions[node.id] = { x: Math.round(box.x - NODE_WIDTH / 2), y: Math.round(box.y - NODE_HEIGHT / 2 + offset) };
  }
  return positions;
}
