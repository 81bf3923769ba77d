import type { BenchOptions } from "../cli/options.js";
import type { CpuBudget } from "../limits/cpu-budget/budget.js";
import type { LatencySummary } from "./percentiles.js";

export interface Throughput {
  readonly records: number;
  /** Payload bytes moved (records × record size). */
  readonly bytes: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
}

/** What became of one phase: a value, or why there is none. */
export type Outcome<T> =
  | { readonly status: "ok"; readonly value: T }
  | { readonly status: "failed"; readonly reason: string }
  | { readonly status: "unavailable"; readonly reason: string }
  | { readonly status: "skipped"; readonly reason: string };

export interface SystemRow {
  readonly kind: "system";
  /** Driver label, e.g. "jetstream" or "freshet (kafkajs)". */
  readonly system: string;
  readonly recordBytes: number;
  /** Open-loop rate of the latency run, records/s. */
  readonly latencyRate: number;
  /** Whether the system had the record on disk (fsync) before acknowledging it. */
  readonly fsyncBeforeAck: "yes" | "no";
  readonly produce: Outcome<Throughput>;
  readonly consume: Outcome<Throughput>;
  readonly latency: Outcome<LatencySummary>;
  /** CPU time of the generator and the driver's own broker processes over the produce phase; null for peers the bench did not start, or when produce failed. */
  readonly produceCpu: CpuBudget | null;
}

export interface LimitRow {
  readonly kind: "limit";
  /** What was measured, e.g. "disk seq write, fdatasync per 1 MiB". */
  readonly probe: string;
  /** Unit the probe moves per operation, e.g. "1 MiB", "64 KiB". */
  readonly unit: string;
  readonly result: Outcome<{ readonly megabytesPerSecond: number; readonly bytes: number; readonly seconds: number }>;
}

/** A machine limit measured as a latency: the floor under the same latency columns of the systems. */
export interface LatencyLimitRow {
  readonly kind: "latency-limit";
  /** What was measured, e.g. "append + fdatasync". */
  readonly probe: string;
  /** Bytes per operation, e.g. "100 B". */
  readonly unit: string;
  readonly result: Outcome<LatencySummary>;
}

export type ReportRow = SystemRow | LimitRow | LatencyLimitRow;

/** Latencies at one offered rate of the sweep, and the rate the system actually kept. */
export interface SweepResult extends LatencySummary {
  /** Records confirmed per second, from the first intended send to the last confirmation. */
  readonly achievedRate: number;
  /** The run stopped sending because too many records were unconfirmed (src/run/run-driver.ts). */
  readonly stoppedEarly: boolean;
}

export interface SweepRow {
  readonly system: string;
  readonly recordBytes: number;
  readonly offeredRate: number;
  readonly result: Outcome<SweepResult>;
}

/** Memory of a Freshet broker a driver started (single node). */
export interface BrokerFootprint {
  readonly system: string;
  readonly idleRssBytes: number;
  readonly peakRssBytes: number;
}

/** @freshet/client bundled for browsers: minified, and gzipped at level 9. */
export interface ClientBundle {
  readonly entry: string;
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
  /** Imports left out of the bundle because a browser build provides them otherwise (see footprint/client-bundle.ts). */
  readonly external: readonly string[];
  /** The largest inputs by bytes in the minified output, largest first. */
  readonly largest: readonly { readonly path: string; readonly bytes: number }[];
}

export interface Footprint {
  readonly brokers: readonly BrokerFootprint[];
  /** Null when the run did not include `footprint`. */
  readonly client: Outcome<ClientBundle> | null;
}

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kernel: string;
  /** 1-minute load average when the run started: anything well above 0 means other work shared the cores. */
  readonly loadAverage: number;
}

export interface BenchReport {
  readonly startedAt: string;
  readonly machine: MachineInfo;
  readonly options: BenchOptions;
  /** Per driver, how it was set up (printed under the table). */
  readonly setups: readonly { readonly system: string; readonly notes: readonly string[] }[];
  readonly rows: readonly ReportRow[];
  readonly sweep: readonly SweepRow[];
  readonly footprint: Footprint;
  /** Drivers that could not be reached at all, with the reason. */
  readonly unavailable: readonly { readonly system: string; readonly reason: string }[];
}
