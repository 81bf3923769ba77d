import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from "@dagrejs/dagre";
import type { PipelineGraph } from "@freshet/pipeline/graph";

/** The size every node is drawn at: dagre needs it up front, and a fixed size keeps the layout stable as numbers change. */
export const NODE_WIDTH = 208;
export const NODE_HEIGHT = 96;

export type Positions = Readonly<Record<string, { readonly x: number; readonly y: number }>>;

/**
 * Top-left corners for every node. The document's layout block is the author's picture, so it is
 * kept when it places every node; a partial one would overlap the nodes it misses, so then the
 * whole graph is laid out left to right by dagre instead.
 */
export function layoutGraph(graph: PipelineGraph): Positions {
  const placed = graph.nodes.every((node) => node.position !== undefined);
  if (placed) return Object.fromEntries(graph.nodes.map((node) => [node.id, { x: node.position!.x, y: node.position!.y }]));
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: "LR", nodesep: 32, ranksep: 72, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of graph.edges) if (g.hasNode(edge.source) && g.hasNode(edge.target)) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  // dagre places node centres; the canvas places top-left corners.
  return Object.fromEntries(
    graph.nodes.map((node) => {
      const { x, y } = g.node(node.id);
      return [node.id, { x: (x ?? 0) - NODE_WIDTH / 2, y: (y ?? 0) - NODE_HEIGHT / 2 }];
    }),
  );
}
