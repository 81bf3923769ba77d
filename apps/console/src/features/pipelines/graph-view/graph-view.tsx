"use client";

import "@xyflow/react/dist/style.css";
import type { PipelineGraph, PipelineNode } from "@freshet/pipeline/graph";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { useMemo } from "react";
import { cx } from "@/components/ui/class-names";
import { layoutGraph, type NodeSize } from "./layout-graph";
import { TONE_CLASSES, type NodeDecoration } from "./node-decoration";

/** The box a node is drawn in: taller than the editor's, for the numbers a run or a preview shows on it. */
const VIEW_NODE: NodeSize = { width: 208, height: 96 };

type GraphNodeData = { node: PipelineNode; decoration: NodeDecoration | undefined; selected: boolean };
type GraphNode = Node<GraphNodeData, "pipeline">;

const FAMILY_STRIP: Record<PipelineNode["family"], string> = {
  topic: "bg-sky-500",
  connector: "bg-violet-500",
  smartmodule: "bg-fuchsia-500",
  operator: "bg-brand-600",
  view: "bg-teal-500",
};

function PipelineNodeCard({ data }: NodeProps<GraphNode>) {
  const { node, decoration, selected } = data;
  const tone = decoration?.tone ?? "neutral";
  return (
    <div
      data-node-id={node.id}
      data-tone={tone}
      aria-selected={selected}
      style={{ width: VIEW_NODE.width, height: VIEW_NODE.height }}
      className={cx("flex overflow-hidden rounded-md bg-white text-left shadow-sm ring-1", TONE_CLASSES[tone], selected && "ring-2 ring-brand-600")}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span aria-hidden="true" className={cx("w-1.5 shrink-0", FAMILY_STRIP[node.family])} />
      <div className="min-w-0 flex-1 px-2.5 py-1.5">
        <p className="truncate font-mono text-xs font-semibold text-slate-900">{node.id}</p>
        <p className="truncate text-[11px] text-slate-500">
          {node.kind}
          {node.summary && ` · ${node.summary}`}
        </p>
        {decoration?.lines.map((line, i) => (
          <p key={i} data-testid="node-metric" className="truncate text-[11px] text-slate-700 tabular-nums">
            {line}
          </p>
        ))}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { pipeline: PipelineNodeCard };

export interface GraphViewProps {
  readonly graph: PipelineGraph;
  /** What each node shows beside its name: numbers and a colour. */
  readonly decorations?: Readonly<Record<string, NodeDecoration>>;
  /** Text on edges, by edge id (e.g. consumer lag). */
  readonly edgeLabels?: Readonly<Record<string, string>>;
  readonly selected: string | null;
  readonly onSelect: (nodeId: string | null) => void;
  /** Names the canvas for assistive technology and tests. */
  readonly label: string;
}

/**
 * A read-only picture of a pipeline: nodes placed by the document's layout (or dagre), numbers and
 * colours supplied by the caller. Nothing can be moved or connected here; the builder's editor is
 * where the graph changes.
 */
export function GraphView({ graph, decorations, edgeLabels, selected, onSelect, label }: GraphViewProps) {
  const positions = useMemo(() => layoutGraph(graph, VIEW_NODE), [graph]);
  const nodes = useMemo<GraphNode[]>(
    () =>
      graph.nodes.map((node) => ({
        id: node.id,
        type: "pipeline",
        position: positions[node.id] ?? { x: 0, y: 0 },
        data: { node, decoration: decorations?.[node.id], selected: node.id === selected },
        draggable: false,
        connectable: false,
      })),
    [graph, positions, decorations, selected],
  );
  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((edge) => {
        const text = edgeLabels?.[edge.id];
        return {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          markerEnd: { type: MarkerType.ArrowClosed },
          ...(text !== undefined && { label: text, labelBgPadding: [4, 2] as [number, number], labelStyle: { fontSize: 11 } }),
          ...(edge.port !== "in" && { style: { strokeDasharray: "4 3" } }),
        };
      }),
    [graph, edgeLabels],
  );

  return (
    <div role="group" aria-label={label} data-testid="pipeline-graph" className="h-96 w-full rounded-md bg-slate-50 ring-1 ring-slate-200">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        fitView
        minZoom={0.2}
        onNodeClick={(_, node) => onSelect(node.id === selected ? null : node.id)}
        onPaneClick={() => onSelect(null)}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
