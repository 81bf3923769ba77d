import { Counter, Gauge, type Registry } from "prom-client";
import type { OperatorStats } from "../graph/contract.js";

/**
 * A dataflow's Prometheus series, labelled with its name. The core keeps cumulative counts
 * (restored with its state); the counters here move by the difference since the last update.
 */
export class DataflowMetrics {
  readonly #name: string;
  readonly #series: { in: Counter; out: Counter; late: Counter; watermark: Gauge; state: Gauge; lag: Gauge } | undefined;
  readonly #seen = new Map<string, { in: number; out: number; late: number }>();

  constructor(name: string, registry?: Registry) {
    this.#name = name;
    if (registry === undefined) return;
    const labelNames = ["dataflow", "operator"];
    const registers = [registry];
    this.#series = {
      in: new Counter({ name: "freshet_dataflow_records_in_total", help: "Records an operator received.", labelNames, registers }),
      out: new Counter({ name: "freshet_dataflow_records_out_total", help: "Records an operator emitted.", labelNames, registers }),
      late: new Counter({ name: "freshet_dataflow_late_dropped_total", help: "Records that came after their windows closed (past allowedLateness), dropped.", labelNames, registers }),
      watermark: new Gauge({ name: "freshet_dataflow_watermark_ms", help: "An operator's event-time watermark, ms since the epoch.", labelNames, registers }),
      state: new Gauge({ name: "freshet_dataflow_state_entries", help: "Entries an operator holds in state (windows × groups, join buffers, table rows).", labelNames, registers }),
      lag: new Gauge({ name: "freshet_dataflow_lag_records", help: "Records in a source's topic not yet read.", labelNames: ["dataflow", "source"], registers }),
    };
  }

  operators(stats: readonly OperatorStats[]): void {
    const series = this.#series;
    if (series === undefined) return;
    for (const op of stats) {
      const labels = { dataflow: this.#name, operator: op.id };
      const seen = this.#seen.get(op.id) ?? { in: 0, out: 0, late: 0 };
      series.in.inc(labels, Math.max(0, op.recordsIn - seen.in));
      series.out.inc(labels, Math.max(0, op.recordsOut - seen.out));
      series.late.inc(labels, Math.max(0, op.lateDropped - seen.late));
      this.#seen.set(op.id, { in: Math.max(seen.in, op.recordsIn), out: Math.max(seen.out, op.recordsOut), late: Math.max(seen.late, op.lateDropped) });
      if (op.watermark !== null) series.watermark.set(labels, op.watermark);
      series.state.set(labels, op.stateEntries);
    }
  }

  lag(source: string, records: number): void {
    this.#series?.lag.set({ dataflow: this.#name, source }, records);
  }
}
