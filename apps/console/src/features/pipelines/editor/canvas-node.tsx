"use client";

import type { PipelineNode } from "@freshet/pipeline/graph";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { cx } from "@/components/ui/class-names";
import type { NodeSize } from "../graph-view/layout-graph";

/** The box a node is drawn in on the editor's canvas; the layout places boxes of this size. */
export const CANVAS_NODE: NodeSize = { width: 200, height: 64 };

export type CanvasNodeData = { readonly node: PipelineNode; readonly problems: readonly string[] };
export type CanvasNode = Node<CanvasNodeData, "pipeline">;

const FAMILY_TONE: Record<PipelineNode["family"], string> = {
  topic: "bg-slate-50 text-slate-600",
  connector: "bg-sky-50 text-sky-700",
  smartmodule: "bg-violet-50 text-violet-700",
  operator: "bg-amber-50 text-amber-700",
  view: "bg-emerald-50 text-emerald-700",
};

/** The extra inputs a node kind has besides `from`: an interval join's other side, a lookup's table. */
function extraPorts(kind: string): ("right" | "table")[] {
  return kind === "intervalJoin" ? ["right"] : kind === "lookup" ? ["table"] : [];
}

/** One node of the pipeline: its kind, name and summary; outlined red with its problems when it has any. */
export function PipelineCanvasNode({ data, selected }: NodeProps<CanvasNode>) {
  const { node, problems } = data;
  const ports = extraPorts(node.kind);
  return (
    <div
      data-node-id={node.id}
      data-problems={problems.length}
      title={problems.join("\n") || undefined}
      className={cx("rounded-md bg-white px-3 py-2 text-left shadow-sm ring-1", problems.length > 0 ? "ring-2 ring-red-500" : selected ? "ring-2 ring-brand-600" : "ring-slate-300")}
      style={{ width: CANVAS_NODE.width, minHeight: CANVAS_NODE.height }}
    >
      {node.section !== "sources" && <Handle type="target" id="in" position={Position.Left} className="!size-3 !bg-slate-500" />}
      {ports.map((port, i) => (
        <Handle key={port} type="target" id={port} position={Position.Bottom} style={{ left: `${(30 + i * 40).toString()}%` }} className="!size-3 !bg-amber-600" title={port} />
      ))}
      <div className="flex items-center justify-between gap-2">
        <span className="truncate font-mono text-sm font-semibold text-slate-900">{node.id}</span>
        <span className={cx("rounded px-1.5 py-0.5 text-[10px] font-medium", FAMILY_TONE[node.family])}>{node.kind}</span>
      </div>
      {node.summary !== "" && <p className="mt-1 truncate text-xs text-slate-500">{node.summary}</p>}
      {problems.length > 0 && (
        <p data-testid="node-problem" className="mt-1 line-clamp-2 text-xs text-red-700">
          {problems[0]}
        </p>
      )}
      {node.section !== "sinks" && <Handle type="source" id="out" position={Position.Right} className="!size-3 !bg-slate-500" />}
    </div>
  );
}
