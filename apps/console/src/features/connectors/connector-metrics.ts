import type { RouterOutputs } from "@/lib/trpc";
import { formatRate } from "../metrics/format";

export type ConnectorMetrics = NonNullable<RouterOutputs["connectors"]["get"]["metrics"]>;

/**
 * The counters as the tables show them; a dash where the runtime has not said (or a source, for
 * lag). Rates are shown only while it runs: a stopped or failed connector's last rate is stale.
 */
export function metricCells(metrics: ConnectorMetrics | null, status: string): { inRate: string; outRate: string; errors: string; deadLettered: string; lag: string; lastSuccessAt: string | null } {
  const count = (value: number | undefined) => (value === undefined ? "–" : value.toLocaleString("en-US"));
  const rate = (value: number | undefined) => (value === undefined || status !== "Running" ? "–" : `${formatRate(value)}/s`);
  return {
    inRate: rate(metrics?.recordsInPerSecond),
    outRate: rate(metrics?.recordsOutPerSecond),
    errors: count(metrics?.errors),
    deadLettered: count(metrics?.deadLettered),
    lag: count(metrics?.lag),
    lastSuccessAt: metrics?.lastSuccessAt ?? null,
  };
}
