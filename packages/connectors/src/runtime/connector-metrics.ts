import { Counter, Gauge, type Registry } from "prom-client";

export type ConnectorState = "starting" | "running" | "failed" | "stopped";

export interface MetricsSnapshot {
  readonly recordsIn: number;
  readonly recordsOut: number;
  /** Records per second over the last window (about 10 s). */
  readonly recordsInPerSecond: number;
  readonly recordsOutPerSecond: number;
  readonly errors: number;
  readonly deadLettered: number;
  /** Sinks: records in their topics not yet written. */
  readonly lag?: number;
  readonly lastSuccessAt?: string;
}

const RATE_WINDOW_MS = 10_000;

/**
 * A connector's counters: on the process's Prometheus /metrics (labelled with the connector's
 * name) and in the status file. Records in = read from the source system or the topics; out =
 * written to the topic or the target system.
 */
export class ConnectorMetrics {
  #recordsIn = 0;
  #recordsOut = 0;
  #errors = 0;
  #deadLettered = 0;
  #lag: number | undefined;
  #lastSuccessAt: number | undefined;
  readonly #samples: Array<{ at: number; recordsIn: number; recordsOut: number }> = [];
  readonly #prometheus: { in: Counter; out: Counter; errors: Counter; dead: Counter; lag: Gauge; lastSuccess: Gauge; up: Gauge } | undefined;

  constructor(
    private readonly name: string,
    private readonly now: () => number,
    registry?: Registry,
  ) {
    if (registry === undefined) return;
    const labelNames = ["connector"];
    this.#prometheus = {
      in: new Counter({ name: "freshet_connector_records_in_total", help: "Records the connector read (from the source system, or from its topics for a sink).", labelNames, registers: [registry] }),
      out: new Counter({ name: "freshet_connector_records_out_total", help: "Records the connector wrote (to its topic, or to the target system for a sink).", labelNames, registers: [registry] }),
      errors: new Counter({ name: "freshet_connector_errors_total", help: "Failed attempts and refused records.", labelNames, registers: [registry] }),
      dead: new Counter({ name: "freshet_connector_dead_lettered_total", help: "Records sent to the dead-letter topic.", labelNames, registers: [registry] }),
      lag: new Gauge({ name: "freshet_connector_lag_records", help: "Sinks: records in the topics not yet written to the target.", labelNames, registers: [registry] }),
      lastSuccess: new Gauge({ name: "freshet_connector_last_success_timestamp_seconds", help: "When records last reached their destination.", labelNames, registers: [registry] }),
      up: new Gauge({ name: "freshet_connector_running", help: "1 while the connector moves data, 0 when it failed or stopped.", labelNames, registers: [registry] }),
    };
  }

  recordsIn(count: number): void {
    this.#recordsIn += count;
    this.#prometheus?.in.inc({ connector: this.name }, count);
  }

  recordsOut(count: number): void {
    this.#recordsOut += count;
    this.#lastSuccessAt = this.now();
    this.#prometheus?.out.inc({ connector: this.name }, count);
    this.#prometheus?.lastSuccess.set({ connector: this.name }, this.#lastSuccessAt / 1000);
  }

  error(): void {
    this.#errors += 1;
    this.#prometheus?.errors.inc({ connector: this.name });
  }

  deadLettered(count: number): void {
    this.#deadLettered += count;
    this.#prometheus?.dead.inc({ connector: this.name }, count);
  }

  lag(records: number): void {
    this.#lag = records;
    this.#prometheus?.lag.set({ connector: this.name }, records);
  }

  state(state: ConnectorState): void {
    this.#prometheus?.up.set({ connector: this.name }, state === "running" ? 1 : 0);
  }

  snapshot(): MetricsSnapshot {
    const now = this.now();
    this.#samples.push({ at: now, recordsIn: this.#recordsIn, recordsOut: this.#recordsOut });
    while (this.#samples.length > 1 && now - this.#samples[0]!.at > RATE_WINDOW_MS) this.#samples.shift();
    const oldest = this.#samples[0]!;
    const seconds = (now - oldest.at) / 1000;
    const rate = (delta: number): number => (seconds > 0 ? Math.round((delta / seconds) * 10) / 10 : 0);
    return {
      recordsIn: this.#recordsIn,
      recordsOut: this.#recordsOut,
      recordsInPerSecond: rate(this.#recordsIn - oldest.recordsIn),
      recordsOutPerSecond: rate(this.#recordsOut - oldest.recordsOut),
      errors: this.#errors,
      deadLettered: this.#deadLettered,
      ...(this.#lag === undefined ? {} : { lag: this.#lag }),
      ...(this.#lastSuccessAt === undefined ? {} : { lastSuccessAt: new Date(this.#lastSuccessAt).toISOString() }),
    };
  }
}
