"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { formatRate } from "./format";
import { METRICS_REFRESH_MS, MetricsRangeToggle, type MetricsRange } from "./metrics-range";
import { TimeSeriesChart } from "./time-series-chart";

/** A consumer group's total lag (records not yet consumed, over all its partitions) over the last hour or day. */
export function GroupLagChart({ clusterId, groupId }: { clusterId: string; groupId: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<MetricsRange>("hour");
  const lag = useQuery({ ...trpc.metrics.groupLag.queryOptions({ clusterId, groupId, range }), refetchInterval: METRICS_REFRESH_MS });
  const rows = (lag.data?.points ?? []).map((point) => ({ t: Date.parse(point.at), lag: point.lag }));
  return (
    <div className="space-y-3" data-testid="group-lag-chart">
      <div className="flex items-center justify-between gap-4">
        <p className="text-sm text-slate-600">
          Lag now:{" "}
          <span className="font-semibold text-slate-900 tabular-nums" data-testid="group-lag-now">
            {lag.data?.latest ? lag.data.latest.lag.toLocaleString("en-US") : "–"}
          </span>{" "}
          records
        </p>
        <MetricsRangeToggle value={range} onChange={setRange} />
      </div>
      {lag.error && <Alert tone="error">{errorMessage(lag.error)}</Alert>}
      {lag.data && rows.length === 0 ? (
        <EmptyState>No lag recorded for this group yet: it appears once the group has committed offsets.</EmptyState>
      ) : (
        <TimeSeriesChart testId="chart-group-lag" format={formatRate} rows={rows} series={[{ key: "lag", name: "Lag", color: "#b45309" }]} />
      )}
    </div>
  );
}
