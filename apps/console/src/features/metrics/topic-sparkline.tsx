"use client";

import { useQuery } from "@tanstack/react-query";
import { Line, LineChart } from "recharts";
import { useTRPC } from "@/lib/trpc";
import { formatRate } from "./format";
import { METRICS_REFRESH_MS } from "./metrics-range";

/** A topic's produce rate over the last hour, small enough for a table cell, with its newest value. */
export function TopicSparkline({ clusterId, topic }: { clusterId: string; topic: string }) {
  const trpc = useTRPC();
  const rates = useQuery({ ...trpc.metrics.topicRates.queryOptions({ clusterId, topic, range: "hour" }), refetchInterval: METRICS_REFRESH_MS });
  const rows = (rates.data?.points ?? []).map((point) => ({ t: Date.parse(point.at), in: point.inRecordsPerSecond }));
  const newest = [...rows].reverse().find((row) => row.in !== null)?.in ?? null;
  return (
    <span className="inline-flex items-center gap-2" title={`${topic}: records produced per second, last hour`} data-testid={`sparkline-${topic}`}>
      <LineChart width={96} height={24} data={rows} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <Line type="linear" dataKey="in" stroke="var(--color-brand-600)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
      <span className="text-xs text-slate-600 tabular-nums">{newest === null ? "–" : `${formatRate(newest)}/s`}</span>
    </span>
  );
}
