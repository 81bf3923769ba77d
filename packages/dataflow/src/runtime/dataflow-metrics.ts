import { Counter, Gauge, type Registry } from "prom-client";
import type { OperatorStats } from "../graph/contract.js";

/** What the series are read from at each scrape. */
export interface DataflowSample {
  readonly operators: readonly OperatorStats[];
  /** Source id → records not yet read. */
  readonly lag: ReadonlyMap<string, number>;
}

/**
 * A dataflow's Prometheus series, labelled with its name, read from the graph at each scrape.
 * The core keeps cumulative counts (restored with its state); the counters move by the
 * difference since the last scrape.
 */
export function registerDataflowMetrics(name: string, registry: Registry, sample: () => DataflowSample): void {
  const labelNames = ["dataflow", "operator"];
  const registers = [registry];
  const seen = new Map<string, { in: number; out: number; late: number }>();
  // Every series' collect() samples the graph; one scrape samples it once.
  const collect = (): void => refresh();
  const series = {
    in: new Counter({ name: "freshet_dataflow_records_in_total", help: "Records an operator received.", labelNames, registers, collect }),
    out: new Counter({ name: "freshet_dataflow_records_out_total", help: "Records an operator emitted.", labelNames, registers, collect }),
    late: new Counter({ name: "freshet_dataflow_late_dropped_total", help: "Records that came after their windows closed (past allowedLateness), dropped.", labelNames, registers, collect }),
    watermark: new Gauge({ name: "freshet_dataflow_watermark_ms", help: "An operator's event-time watermark, ms since the epoch.", labelNames, registers, collect }),
    state: new Gauge({ name: "freshet_dataflow_state_entries", help: "Entries an operator holds in state (windows × groups, join buffers, table rows).", labelNames, registers, collect }),
    lag: new Gauge({ name: "freshet_dataflow_lag_records", help: "Records in a source's topic not yet read.", labelNames: ["dataflow", "source"], registers, collect }),
  };
  let sampledAt = -1;
  function refresh(): void {
    const now = performance.now();
    if (now - sampledAt < 50) return;
    sampledAt = now;
    const { operators, lag } = sample();
    for (const op of operators) {
      const labels = { dataflow: name, operator: op.id };
      const last = seen.get(op.id) ?? { in: 0, out: 0, late: 0 };
      series.in.inc(labels, Math.max(0, op.recordsIn - last.in));
      series.out.inc(labels, Math.max(0, op.recordsOut - last.out));
      series.late.inc(labels, Math.max(0, op.lateDropped - last.late));
      seen.set(op.id, { in: Math.max(last.in, op.recordsIn), out: Math.max(last.out, op.recordsOut), late: Math.max(last.late, op.lateDropped) });
      if (op.watermark !== null) series.watermark.set(labels, op.watermark);
      series.state.set(labels, op.stateEntries);
    }
    for (const [source, records] of lag) series.lag.set({ dataflow: name, source }, records);
  }
}
