import type { PipelineSpec } from "../spec/pipeline-spec.js";
import type { EdgePort, PipelineEdge, PipelineGraph, PipelineNode } from "./contract.js";
import { operatorLook, sinkLook, sourceLook, type NodeLook } from "./node-summary.js";
import { sinkTopic } from "./sink-topic.js";

export function edgeId(source: string, target: string, port: EdgePort): string {
  return `${source}->${target}${port === "in" ? "" : `:${port}`}`;
}

function edge(source: string, target: string, port: EdgePort): PipelineEdge {
  return { id: edgeId(source, target, port), source, target, port };
}

/** The graph the canvas draws: nodes in document order (sources, operators, sinks), edges from every reference. */
export function pipelineGraph(spec: PipelineSpec): PipelineGraph {
  const node = (id: string, section: PipelineNode["section"], look: NodeLook): PipelineNode => {
    const position = spec.layout?.[id];
    return { id, section, ...look, ...(position === undefined ? {} : { position: { x: position.x, y: position.y } }) };
  };
  const nodes = [
    ...Object.entries(spec.sources).map(([id, source]) => node(id, "sources", sourceLook(source))),
    ...Object.entries(spec.operators).map(([id, operator]) => node(id, "operators", operatorLook(operator))),
    ...Object.entries(spec.sinks).map(([id, sink]) => node(id, "sinks", sinkLook(sink, sinkTopic(spec, id, sink)))),
  ];
  const edges: PipelineEdge[] = [];
  for (const [id, operator] of Object.entries(spec.operators)) {
    for (const from of Array.isArray(operator.from) ? operator.from : [operator.from]) edges.push(edge(from, id, "in"));
    if (operator.intervalJoin !== undefined) edges.push(edge(operator.intervalJoin.right, id, "right"));
    if (operator.lookup !== undefined) edges.push(edge(operator.lookup.table, id, "table"));
  }
  for (const [id, sink] of Object.entries(spec.sinks)) edges.push(edge(sink.from, id, "in"));
  // A `from` list naming one node twice draws one edge: edge ids stay unique.
  return { nodes, edges: [...new Map(edges.map((e) => [e.id, e])).values()] };
}
