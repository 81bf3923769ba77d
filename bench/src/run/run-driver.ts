import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { cpuBudget, type CpuBudget } from "../limits/cpu-budget/budget.js";
import { startCpuMeter } from "../limits/cpu-budget/cpu-meter.js";
import type { LatencySummary } from "../report/percentiles.js";
import { summarizeLatencies } from "../report/percentiles.js";
import type { Outcome, SweepResult, SweepRow, SystemRow, Throughput } from "../report/report.js";
import type { BenchStream, OpenLoopRun, SystemDriver } from "../systems/driver.js";
import { makePayload, megabytesPerSecond } from "../workload/payload.js";
import { PhaseTimeoutError, withDeadline } from "./deadline.js";
import { runOpenLoop } from "./open-loop.js";

const CLEANUP_TIMEOUT_MS = 15_000;
/**
 * A sweep point stops sending once this many seconds' worth of records are due
 * but unconfirmed: past the knee the backlog would take minutes to drain, and
 * the latencies already show the rate was not kept.
 */
const SWEEP_BACKLOG_SECONDS = 0.5;

export interface DriverPlan {
  readonly runId: string;
  readonly records: number;
  readonly sizes: readonly number[];
  readonly latencyRate: number;
  readonly latencyRecords: number;
  readonly phaseTimeoutMs: number;
  /** Offered rates of the latency-vs-rate sweep (drivers with `sweeps` only); empty = none. */
  readonly sweepRates: readonly number[];
  readonly sweepSeconds: number;
}

export interface DriverResult {
  readonly rows: SystemRow[];
  readonly sweep: SweepRow[];
}

function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
  return `${cause.message}${inner}`;
}

/** The stream's latency run: its own open loop for a native client, else the harness's over produceOne. */
async function openLoop(stream: BenchStream, records: number, ratePerSecond: number, signal: AbortSignal, maxBacklog = Infinity): Promise<OpenLoopRun> {
  if ("openLoop" in stream) return stream.openLoop(records, ratePerSecond, signal, maxBacklog);
  const started = performance.now();
  const latenciesMs = await runOpenLoop(records, ratePerSecond, () => stream.produceOne(), signal, maxBacklog);
  return { latenciesMs, seconds: (performance.now() - started) / 1000 };
}

function throughput(records: number, bytes: number, seconds: number): Throughput {
  return { records, bytes, seconds, recordsPerSecond: records / seconds, megabytesPerSecond: megabytesPerSecond(bytes, seconds) };
}

/**
 * Runs one driver through every record size: a fresh stream for produce then
 * consume, another for the latency run. A timed-out phase leaves the
 * connection in an unknown state, so the driver's remaining phases are skipped.
 */
export async function runDriver(driver: SystemDriver, plan: DriverPlan, log: (line: string) => void): Promise<DriverResult> {
  const rows: SystemRow[] = [];
  const sweep: SweepRow[] = [];
  const { fsyncBeforeAck } = driver;
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
    return {
      rows: plan.sizes.map((size) => ({
        kind: "system",
        system: driver.label,
        recordBytes: size,
        latencyRate,
        fsyncBeforeAck,
        produce: failure,
        consume: failure,
        latency: failure,
        produceCpu: null,
      })),
      sweep: [],
    };
  }

  // Cleanup runs even after a timeout poisoned the driver, bounded on its own.
  const removeStream = (stream: BenchStream): Promise<void> =>
    withDeadline(`${driver.label} remove stream`, CLEANUP_TIMEOUT_MS, () => stream.remove()).catch((cause: unknown) => log(`${driver.label} could not remove a stream: ${reasonOf(cause)}`));

  const throughputPhases = async (stream: Outcome<BenchStream>, size: number): Promise<Pick<SystemRow, "produce" | "consume" | "produceCpu">> => {
    if (stream.status !== "ok") return { produce: stream, consume: stream, produceCpu: null };
    const brokers = driver.processes?.() ?? [];
    const cpuReading = brokers.length > 0 ? startCpuMeter(brokers) : null;
    const produce = await phase(`produce ${size} B`, async (signal) => {
      const started = performance.now();
      const timed = await stream.value.produce(plan.records, signal);
      return throughput(plan.records, plan.records * size, timed?.seconds ?? (performance.now() - started) / 1000);
    });
    let produceCpu: CpuBudget | null = null;
    if (cpuReading !== null && produce.status === "ok") {
      const { processes, wallSeconds } = cpuReading();
      produceCpu = cpuBudget(processes, plan.records, wallSeconds, availableParallelism());
    }
    const consume: Outcome<Throughput> =
      produce.status !== "ok"
        ? { status: "skipped", reason: "produce failed" }
        : await phase(`consume ${size} B`, async (signal) => {
            const started = performance.now();
            const { bytes, readingSince, seconds: timed } = await stream.value.consume(plan.records, signal);
            const seconds = timed ?? (performance.now() - (readingSince ?? started)) / 1000;
            if (bytes !== plan.records * size) throw new Error(`consumed ${bytes} payload bytes, expected ${plan.records * size}`);
            return throughput(plan.records, bytes, seconds);
          });
    await removeStream(stream.value);
    return { produce, consume, produceCpu };
  };

  const latencyPhase = async (stream: Outcome<BenchStream>, size: number): Promise<Outcome<LatencySummary>> => {
    if (stream.status !== "ok") return stream;
    const latency = await phase(`latency ${size} B`, async (signal) => summarizeLatencies((await openLoop(stream.value, plan.latencyRecords, latencyRate, signal)).latenciesMs));
    await removeStream(stream.value);
    return latency;
  };

  try {
    for (const size of plan.sizes) {
      const payload = makePayload(size);
      const open = (suffix: string): Promise<Outcome<BenchStream>> => phase(`open ${size} B stream`, () => driver.openStream(`${plan.runId}-${size}-${suffix}`, payload));
      const { produce, consume, produceCpu } = await throughputPhases(await open("tput"), size);
      const latency = await latencyPhase(await open("lat"), size);
      const row: SystemRow = { kind: "system", system: driver.label, recordBytes: size, latencyRate, fsyncBeforeAck, produce, consume, latency, produceCpu };
      log(describeRow(row));
      rows.push(row);
    }
    // The sweep: the first record size, a fresh stream per offered rate, the same open loop as the latency run.
    const sweepSize = plan.sizes[0];
    if (driver.sweeps === true && sweepSize !== undefined) {
      const payload = makePayload(sweepSize);
      for (const rate of plan.sweepRates) {
        const stream = await phase(`open sweep stream`, () => driver.openStream(`${plan.runId}-${sweepSize}-sweep${rate}`, payload));
        let result: Outcome<SweepResult>;
        if (stream.status === "ok") {
          const records = Math.max(1, Math.round(rate * plan.sweepSeconds));
          result = await phase(`sweep ${rate}/s`, async (signal) => {
            // One confirmed record first: a fresh topic's first write (creating its log) is not what the sweep measures.
            await stream.value.produce(1, signal);
            const run = await openLoop(stream.value, records, rate, signal, Math.max(100, Math.round(rate * SWEEP_BACKLOG_SECONDS)));
            return { ...summarizeLatencies(run.latenciesMs), achievedRate: run.latenciesMs.length / run.seconds, stoppedEarly: run.latenciesMs.length < records };
          });
          await removeStream(stream.value);
        } else {
          result = stream;
        }
        const point: SweepRow = { system: driver.label, recordBytes: sweepSize, offeredRate: rate, result };
        log(describeSweepPoint(point));
        sweep.push(point);
      }
    }
  } finally {
    await withDeadline(`${driver.label} close`, CLEANUP_TIMEOUT_MS, () => driver.close()).catch((cause: unknown) => log(`${driver.label} close failed: ${reasonOf(cause)}`));
  }
  return { rows, sweep };
}

function describeSweepPoint(point: SweepRow): string {
  const { result } = point;
  const outcome = result.status === "ok" ? `kept ${Math.round(result.value.achievedRate)}/s, p99 ${result.value.p99.toFixed(2)} ms` : result.status;
  return `${point.system} sweep at ${point.offeredRate}/s: ${outcome}`;
}

function describeRow(row: SystemRow): string {
  const part = (name: string, outcome: Outcome<Throughput>): string =>
    outcome.status === "ok" ? `${name} ${Math.round(outcome.value.recordsPerSecond)} rec/s in ${outcome.value.seconds.toFixed(1)} s` : `${name} ${outcome.status}`;
  const latency = row.latency.status === "ok" ? `p99 ${row.latency.value.p99.toFixed(2)} ms` : `latency ${row.latency.status}`;
  return `${row.system} ${row.recordBytes} B: ${part("produce", row.produce)}, ${part("consume", row.consume)}, ${latency}`;
}
