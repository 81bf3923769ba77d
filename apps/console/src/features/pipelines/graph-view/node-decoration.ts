/** How a node is coloured: backpressure in a running pipeline (Flink's OK/LOW/HIGH), failures in a preview. */
export type NodeTone = "neutral" | "ok" | "low" | "high" | "error";

export interface NodeDecoration {
  readonly tone: NodeTone;
  /** Short lines of numbers shown under the node's name. */
  readonly lines: readonly string[];
}

export const TONE_CLASSES: Record<NodeTone, string> = {
  neutral: "ring-slate-300",
  ok: "ring-emerald-400 bg-emerald-50",
  low: "ring-amber-400 bg-amber-50",
  high: "ring-red-500 bg-red-50",
  error: "ring-red-500 bg-red-50",
};
