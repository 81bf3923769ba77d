import { performance } from "node:perf_hooks";
import type { LatencySummary } from "../report/percentiles.js";
import { summarizeLatencies } from "../report/percentiles.js";
import type { Outcome, SystemRow, Throughput } from "../report/report.js";
import type { BenchStream, SystemDriver } from "../systems/driver.js";
import { makePayload, megabytesPerSecond } from "../workload/payload.js";
import { PhaseTimeoutError, withDeadline } from "./deadline.js";
import { runOpenLoop } from "./open-loop.js";

const CLEANUP_TIMEOUT_MS = 15_000;

export interface DriverPlan {
  readonly runId: string;
  readonly records: number;
  readonly sizes: readonly number[];
  readonly latencyRate: number;
  readonly latencyRecords: number;
  readonly phaseTimeoutMs: number;
}

function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
  return `${cause.message}${inner}`;
}

function throughput(records: number, bytes: number, seconds: number): Throughput {
  return { records, bytes, seconds, recordsPerSecond: records / seconds, megabytesPerSecond: megabytesPerSecond(bytes, seconds) };
}

/**
 * Runs one driver through every record size: a fresh stream for produce then
 * consume, another for the latency run. A timed-out phase leaves the
 * connection in an unknown state, so the driver's remaining phases are skipped.
 */
export async function runDriver(driver: SystemDriver, plan: DriverPlan, log: (line: string) => void): Promise<SystemRow[]> {
  const rows: SystemRow[] = [];
  const latencyRate = driver.latencyRate ?? plan.latencyRate;
  let poisoned: string | null = null;
  const phase = async <T>(name: string, work: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> => {
    if (poisoned !== null) return { status: "skipped", reason: poisoned };
    try {
      return { status: "ok", value: await withDeadline(`${driver.label} ${name}`, plan.phaseTimeoutMs, work) };
    } catch (cause) {
      if (cause instanceof PhaseTimeoutError) poisoned = `skipped after: ${cause.message}`;
      log(`${driver.label} ${name} failed: ${reasonOf(cause)}`);
      return { status: "failed", reason: reasonOf(cause) };
    }
  };

  const connected = await phase("connect", () => driver.connect());
  if (connected.status !== "ok") {
    await withDeadline(`${driver.label} close`, CLEANUP_TIMEOUT_MS, () => driver.close()).catch(() => undefined);
    const failure: Outcome<never> = { status: "unavailable", reason: connected.status === "failed" ? connected.reason : "not connected" };
    return plan.sizes.map((size) => ({ kind: "system", system: driver.label, recordBytes: size, latencyRate, produce: failure, consume: failure, latency: failure }));
  }

  // Cleanup runs even after a timeout poisoned the driver, bounded on its own.
  const removeStream = (stream: BenchStream): Promise<void> =>
    withDeadline(`${driver.label} remove stream`, CLEANUP_TIMEOUT_MS, () => stream.remove()).catch((cause: unknown) => log(`${driver.label} could not remove a stream: ${reasonOf(cause)}`));

  const throughputPhases = async (stream: Outcome<BenchStream>, size: number): Promise<Pick<SystemRow, "produce" | "consume">> => {
    if (stream.status !== "ok") return { produce: stream, consume: stream };
    const produce = await phase(`produce ${size} B`, async (signal) => {
      const started = performance.now();
      await stream.value.produce(plan.records, signal);
      return throughput(plan.records, plan.records * size, (performance.now() - started) / 1000);
    });
    const consume: Outcome<Throughput> =
      produce.status !== "ok"
        ? { status: "skipped", reason: "produce failed" }
        : await phase(`consume ${size} B`, async (signal) => {
            const started = performance.now();
            const { bytes, readingSince } = await stream.value.consume(plan.records, signal);
            const seconds = (performance.now() - (readingSince ?? started)) / 1000;
            if (bytes !== plan.records * size) throw new Error(`consumed ${bytes} payload bytes, expected ${plan.records * size}`);
            return throughput(plan.records, bytes, seconds);
          });
    await removeStream(stream.value);
    return { produce, consume };
  };

  const latencyPhase = async (stream: Outcome<BenchStream>, size: number): Promise<Outcome<LatencySummary>> => {
    if (stream.status !== "ok") return stream;
    const latency = await phase(`latency ${size} B`, async (signal) => summarizeLatencies(await runOpenLoop(plan.latencyRecords, latencyRate, () => stream.value.produceOne(), signal)));
    await removeStream(stream.value);
    return latency;
  };

  try {
    for (const size of plan.sizes) {
      const payload = makePayload(size);
      const open = (suffix: string): Promise<Outcome<BenchStream>> => phase(`open ${size} B stream`, () => driver.openStream(`${plan.runId}-${size}-${suffix}`, payload));
      const { produce, consume } = await throughputPhases(await open("tput"), size);
      const latency = await latencyPhase(await open("lat"), size);
      const row: SystemRow = { kind: "system", system: driver.label, recordBytes: size, latencyRate, produce, consume, latency };
      log(describeRow(row));
      rows.push(row);
    }
  } finally {
    await withDeadline(`${driver.label} close`, CLEANUP_TIMEOUT_MS, () => driver.close()).catch((cause: unknown) => log(`${driver.label} close failed: ${reasonOf(cause)}`));
  }
  return rows;
}

function describeRow(row: SystemRow): string {
  const part = (name: string, outcome: Outcome<Throughput>): string =>
    outcome.status === "ok" ? `${name} ${Math.round(outcome.value.recordsPerSecond)} rec/s in ${outcome.value.seconds.toFixed(1)} s` : `${name} ${outcome.status}`;
  const latency = row.latency.status === "ok" ? `p99 ${row.latency.value.p99.toFixed(2)} ms` : `latency ${row.latency.status}`;
  return `${row.system} ${row.recordBytes} B: ${part("produce", row.produce)}, ${part("consume", row.consume)}, ${latency}`;
}
