import type { PipelineNode } from "@freshet/pipeline/graph";
import { ErrorList } from "../preview/sample-table";
import { formatCount, formatRate, type RunNodeMetrics } from "./run-metrics";

/** The clicked node of a running pipeline: its totals and its most recent errors. */
export function RunNodeDetail({ node, metrics }: { node: PipelineNode; metrics: RunNodeMetrics | undefined }) {
  const facts: [string, string][] =
    metrics === undefined
      ? []
      : [
          ["Records in", `${formatCount(metrics.recordsIn)} (${formatRate(metrics.recordsInPerSec)})`],
          ["Records out", `${formatCount(metrics.recordsOut)} (${formatRate(metrics.recordsOutPerSec)})`],
          ["Errors", formatCount(metrics.errors)],
          ["Dead letters", formatCount(metrics.deadLetters)],
          ["Backpressure", metrics.backpressure],
        ];
  return (
    <section aria-label={`Node ${node.id}`} data-testid="run-node-detail" data-node={node.id} className="space-y-3 rounded-md p-4 ring-1 ring-slate-200">
      <header>
        <h3 className="font-mono text-sm font-semibold text-slate-900">{node.id}</h3>
        <p className="text-xs text-slate-500">
          {node.kind}
          {node.summary && ` · ${node.summary}`}
        </p>
      </header>
      {metrics === undefined ? (
        <p className="text-sm text-slate-500">This node has reported no numbers yet.</p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-5">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt className="text-xs text-slate-500">{term}</dt>
              <dd className="text-slate-900 tabular-nums" data-testid={`run-${term.toLowerCase().replace(" ", "-")}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Recent errors</h4>
      <ErrorList errors={metrics?.recentErrors ?? []} empty="No recent errors." />
    </section>
  );
}
