import type { PipelineGraph } from "@freshet/pipeline/graph";
import type { NodeDecoration, NodeTone } from "../graph-view/node-decoration";

import type { Backpressure, NodeRun as RunNodeMetrics, RunView as RunViewData } from "@freshet/pipeline/graph";

export type { Backpressure, RunNodeMetrics, RunViewData };

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** A count as people read it at a glance: 950, 1.2K, 3.4M. */
export function formatCount(n: number): string {
  return compact.format(n);
}

/** Records per second: a decimal below 10/s (a trickle should not read as 0), compact above. */
export function formatRate(perSec: number): string {
  const tenths = Math.round(perSec * 10) / 10;
  if (perSec > 0 && tenths < 10) return `${tenths.toFixed(1)}/s`;
  return `${formatCount(Math.round(perSec))}/s`;
}

const BACKPRESSURE_TONE: Record<Backpressure, NodeTone> = { ok: "ok", low: "low", high: "high" };

/** One node's face in the running graph: rates, then failures when there are any; coloured by backpressure. */
export function runNodeDecoration(metrics: RunNodeMetrics | undefined): NodeDecoration {
  if (metrics === undefined) return { tone: "neutral", lines: ["no metrics yet"] };
  const lines = [`in ${formatRate(metrics.recordsInPerSec)} · out ${formatRate(metrics.recordsOutPerSec)}`];
  if (metrics.errors > 0 || metrics.deadLetters > 0) lines.push(`errors ${formatCount(metrics.errors)} · dead letters ${formatCount(metrics.deadLetters)}`);
  return { tone: BACKPRESSURE_TONE[metrics.backpressure], lines };
}

export function runDecorations(graph: PipelineGraph, view: RunViewData | undefined): Record<string, NodeDecoration> {
  return Object.fromEntries(graph.nodes.map((node) => [node.id, runNodeDecoration(view?.nodes[node.id])]));
}

/** Consumer lag on each edge whose reader reports one; edges read inside one process have none. */
export function lagLabels(view: RunViewData | undefined): Record<string, string> {
  if (view === undefined) return {};
  const labels: Record<string, string> = {};
  for (const [id, { lag }] of Object.entries(view.edges)) if (lag !== null) labels[id] = `lag ${formatCount(lag)}`;
  return labels;
}

/** The line above the graph: how fresh the numbers are and where the pipeline is held back. */
export function runSummary(view: RunViewData | undefined): string {
  if (view === undefined) return "Waiting for the running pipeline's numbers…";
  if (view.observedAt === null) return "The worker has not observed this pipeline's processes yet.";
  const pressured = busiestNodes(view);
  const at = new Date(view.observedAt).toLocaleTimeString("en-GB", { timeZone: "UTC" });
  return `As of ${at} UTC · ${pressured.length === 0 ? "no backpressure" : `backpressure at ${pressured.join(", ")}`}`;
}

/** The nodes under the most pressure first, for the summary line: high before low, then by errors. */
export function busiestNodes(view: RunViewData): string[] {
  const rank: Record<Backpressure, number> = { high: 0, low: 1, ok: 2 };
  return Object.entries(view.nodes)
    .filter(([, m]) => m.backpressure !== "ok")
    .sort(([a, x], [b, y]) => rank[x.backpressure] - rank[y.backpressure] || y.errors - x.errors || a.localeCompare(b))
    .map(([id]) => id);
}
