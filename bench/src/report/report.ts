import type { BenchOptions } from "../cli/options.js";
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
  readonly produce: Outcome<Throughput>;
  readonly consume: Outcome<Throughput>;
  readonly latency: Outcome<LatencySummary>;
}

export interface LimitRow {
  readonly kind: "limit";
  /** What was measured, e.g. "disk seq write, fdatasync per 1 MiB". */
  readonly probe: string;
  /** Unit the probe moves per operation, e.g. "1 MiB", "64 KiB". */
  readonly unit: string;
  readonly result: Outcome<{ readonly megabytesPerSecond: number; readonly bytes: number; readonly seconds: number }>;
}

export type ReportRow = SystemRow | LimitRow;

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
  /** Drivers that could not be reached at all, with the reason. */
  readonly unavailable: readonly { readonly system: string; readonly reason: string }[];
}
