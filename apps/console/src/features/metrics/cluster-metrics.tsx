"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { formatBytes, formatLatency, formatRate } from "./format";
import { METRICS_REFRESH_MS, MetricsRangeToggle, type MetricsRange } from "./metrics-range";
import { TimeSeriesChart, type ChartRow } from "./time-series-chart";

const IN = "var(--color-brand-600)";
const OUT = "#b45309";

function Tile({ label, value, testId, warn = false }: { label: string; value: string; testId: string; warn?: boolean }) {
  return (
    <div className="rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200">
      <dt className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className={warn ? "mt-1 text-2xl font-semibold text-red-700" : "mt-1 text-2xl font-semibold text-slate-900"} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/**
 * A cluster's health and traffic: tiles for what is true now, charts for the last hour or day
 * (points the worker collects every METRICS_INTERVAL_MS), and its SPUs with the partitions each leads.
 */
export function ClusterMetrics({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<MetricsRange>("hour");
  const overview = useQuery({ ...trpc.metrics.overview.queryOptions({ clusterId, range }), refetchInterval: METRICS_REFRESH_MS });
  const points = overview.data?.points ?? [];
  const rows = (pick: (point: (typeof points)[number]) => Record<string, number | null>): ChartRow[] => points.map((point) => ({ t: Date.parse(point.at), ...pick(point) }));
  const latest = overview.data?.latest ?? null;
  const newestRates = [...points].reverse().find((point) => point.inRecordsPerSecond !== null);
  const spus = latest?.spus ?? [];
  const mostLed = Math.max(1, ...spus.map((spu) => spu.partitionsLed ?? 0));

  return (
    <div className="space-y-6" data-testid="cluster-metrics">
      <div className="flex items-center justify-between gap-4">
        <h2 className="text-lg font-semibold text-slate-900">Health and traffic</h2>
        <MetricsRangeToggle value={range} onChange={setRange} />
      </div>
      {overview.error && <Alert tone="error">{errorMessage(overview.error)}</Alert>}
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Tile label="Partitions" value={latest === null ? "–" : String(latest.partitions)} testId="tile-partitions" />
        <Tile label="Under-replicated" value={latest === null ? "–" : String(latest.underReplicatedPartitions)} warn={(latest?.underReplicatedPartitions ?? 0) > 0} testId="tile-under-replicated" />
        <Tile label="Produced, records/s" value={newestRates?.inRecordsPerSecond == null ? "–" : formatRate(newestRates.inRecordsPerSecond)} testId="tile-in-rate" />
        <Tile label="Consumed, records/s" value={newestRates?.outRecordsPerSecond == null ? "–" : formatRate(newestRates.outRecordsPerSecond)} testId="tile-out-rate" />
      </dl>
      {overview.data && points.length === 0 ? (
        <Card>
          <EmptyState>No metrics yet: the first points appear within a collection interval of the cluster running.</EmptyState>
        </Card>
      ) : (
        <div className="grid gap-6 xl:grid-cols-2">
          <Card title="Throughput, records/s" description="Records produced (in) and consumed (out) per second.">
            <TimeSeriesChart
              testId="chart-records"
              format={formatRate}
              rows={rows((p) => ({ in: p.inRecordsPerSecond, out: p.outRecordsPerSecond }))}
              series={[
                { key: "in", name: "In", color: IN },
                { key: "out", name: "Out", color: OUT },
              ]}
            />
          </Card>
          <Card title="Throughput, bytes/s" description="Bytes of record batches produced and consumed per second.">
            <TimeSeriesChart
              testId="chart-bytes"
              format={(value) => `${formatBytes(value)}/s`}
              rows={rows((p) => ({ in: p.inBytesPerSecond, out: p.outBytesPerSecond }))}
              series={[
                { key: "in", name: "In", color: IN },
                { key: "out", name: "Out", color: OUT },
              ]}
            />
          </Card>
          <Card title="Storage" description="Bytes of every partition's log (one copy; replicas not counted).">
            <TimeSeriesChart testId="chart-storage" format={formatBytes} rows={rows((p) => ({ storage: p.storageBytes }))} series={[{ key: "storage", name: "Storage", color: IN }]} />
          </Card>
          <Card title="Produce latency, p99" description="99th percentile of Produce request time on the brokers, acks=all waits for replicas included.">
            <TimeSeriesChart testId="chart-latency" format={formatLatency} rows={rows((p) => ({ p99: p.produceLatencyP99Seconds }))} series={[{ key: "p99", name: "p99", color: OUT }]} />
          </Card>
        </div>
      )}
      <Card title="SPUs" description="Live: its metrics answered at the last collection. Leadership: partitions (internal ones included) each SPU leads.">
        {spus.length === 0 ? (
          <EmptyState>No SPU has been seen yet.</EmptyState>
        ) : (
          <Table caption="SPUs with liveness and leadership">
            <thead>
              <tr>
                <Th>SPU</Th>
                <Th>Status</Th>
                <Th>Partitions led</Th>
              </tr>
            </thead>
            <Tbody>
              {spus.map((spu) => (
                <tr key={spu.spuId} data-testid={`spu-row-${spu.spuId}`}>
                  <Td className="font-mono">spu-{spu.spuId}</Td>
                  <Td>{spu.live ? <Badge tone="good">Live</Badge> : <Badge tone="bad">Not answering</Badge>}</Td>
                  <Td>
                    <div className="flex items-center gap-3">
                      <span className="w-8 tabular-nums">{spu.partitionsLed ?? "–"}</span>
                      <span aria-hidden="true" className="h-2 w-40 rounded-full bg-slate-100">
                        <span className="block h-2 rounded-full bg-brand-600" style={{ width: `${((spu.partitionsLed ?? 0) / mostLed) * 100}%` }} />
                      </span>
                    </div>
                  </Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
