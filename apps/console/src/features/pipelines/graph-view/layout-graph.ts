import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from "@dagrejs/dagre";
import type { PipelineGraph } from "@freshet/pipeline/graph";

/** The box a node is drawn in: dagre needs it up front, and a fixed size keeps the layout stable as the numbers inside change. */
export interface NodeSize {
  readonly width: number;
  readonly height: number;
}

export type Positions = Readonly<Record<string, { readonly x: number; readonly y: number }>>;

/**
 * Top-left corners for every node: its layout-block position when it has one, else dagre's
 * left-to-right placement. Only nodes without a position are placed, below everything that has
 * one so they never cover it; nothing is written to the document until the person moves a node,
 * so opening a document never changes it. The editor and the read-only views share it, so a node
 * stands in the same place in every tab.
 */
export function layoutGraph(graph: PipelineGraph, size: NodeSize): Positions {
  const positions: Record<string, { x: number; y: number }> = {};
  for (const node of graph.nodes) if (node.position !== undefined) positions[node.id] = { x: node.position.x, y: node.position.y };
  const unplaced = graph.nodes.filter((node) => node.position === undefined);
  if (unplaced.length === 0) return positions;
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: size.width, height: size.height });
  for (const edge of graph.edges) if (g.hasNode(edge.source) && g.hasNode(edge.target)) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  const placed = Object.values(positions);
  const offset = placed.length === 0 ? 0 : Math.max(...placed.map((p) => p.y)) + size.height + 40;
  // dagre places node centres; the canvas places top-left corners.
  for (const node of unplaced) {
    const { x, y } = g.node(node.id);
    positions[node.id] = { x: Math.round((x ?? 0) - size.width / 2), y: Math.round((y ?? 0) - size.height / 2 + offset) };
  }
  return positions;
}
