import type { RouterOutputs } from "@/lib/trpc";
import { formatRate } from "../metrics/format";

export type ConnectorMetrics = NonNullable<RouterOutputs["connectors"]["get"]["metrics"]>;

/** The counters as the tables show them; a dash where the runtime has not said (or a source, for lag). */
export function metricCells(metrics: ConnectorMetrics | null): { inRate: string; outRate: string; errors: string; deadLettered: string; lag: string; lastSuccessAt: string | null } {
  const count = (value: number | undefined) => (value === undefined ? "–" : value.toLocaleString("en-US"));
  const rate = (value: number | undefined) => (value === undefined ? "–" : `${formatRate(value)}/s`);
  return {
    inRate: rate(metrics?.recordsInPerSecond),
    outRate: rate(metrics?.recordsOutPerSecond),
    errors: count(metrics?.errors),
    deadLettered: count(metrics?.deadLettered),
    lag: count(metrics?.lag),
    lastSuccessAt: metrics?.lastSuccessAt ?? null,
  };
}
