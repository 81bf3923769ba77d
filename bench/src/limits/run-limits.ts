import type { BenchOptions } from "../cli/options.js";
import { summarizeLatencies } from "../report/percentiles.js";
import type { LatencyLimitRow, LimitRow } from "../report/report.js";
import { withDeadline } from "../run/deadline.js";
import { megabytesPerSecond } from "../workload/payload.js";
import { measureAppendSync } from "./append-sync.js";
import { measureDiskWrite } from "./disk-write.js";
import { measureGroupCommit } from "./group-commit.js";
import { measureLoopbackTcp } from "./loopback-tcp.js";
import { measureSenderLateness } from "./sender-lateness.js";

type Measured = { bytes: number; seconds: number };

/**
 * A ceiling is the best the machine managed: background writeback from the
 * systems measured before makes single disk runs swing by several times, so
 * each probe runs a few times and keeps its fastest run.
 */
const RUNS_PER_PROBE = 3;

async function bestOf(measure: () => Promise<Measured>): Promise<Measured> {
  let best: Measured | null = null;
  for (let run = 0; run < RUNS_PER_PROBE; run++) {
    const measured = await measure();
    if (best === null || measured.bytes / measured.seconds > best.bytes / best.seconds) best = measured;
  }
  return best!;
}

async function probe(name: string, timeoutMs: number, measure: () => Promise<Measured>): Promise<LimitRow["result"]> {
  try {
    const { bytes, seconds } = await withDeadline(name, timeoutMs, () => bestOf(measure));
    return { status: "ok", value: { bytes, seconds, megabytesPerSecond: megabytesPerSecond(bytes, seconds) } };
  } catch (cause) {
    return { status: "failed", reason: cause instanceof Error ? cause.message : String(cause) };
  }
}

/**
 * A latency floor: every sample of one run, since its tail (what p99 is made
 * of) is the point, where the ceilings keep the best of a few runs.
 */
async function latencyFloor(probe: string, unit: string, timeoutMs: number, measure: () => Promise<number[]>): Promise<LatencyLimitRow> {
  let result: LatencyLimitRow["result"];
  try {
    result = { status: "ok", value: summarizeLatencies(await withDeadline(probe, timeoutMs, measure)) };
  } catch (cause) {
    result = { status: "failed", reason: cause instanceof Error ? cause.message : String(cause) };
  }
  return { kind: "latency-limit", probe, unit, result };
}

function describeLimit(row: LimitRow | LatencyLimitRow): string {
  if (row.result.status !== "ok") return row.result.reason;
  if (row.kind === "limit") return `${row.result.value.megabytesPerSecond.toFixed(0)} MB/s`;
  const { p50, p99, p999 } = row.result.value;
  return `${row.unit} p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, p99.9 ${p999.toFixed(2)} ms`;
}

/** The machine's ceilings and floors: what any broker on this disk and loopback could at best reach. */
export async function runLimits(options: BenchOptions, log: (line: string) => void): Promise<(LimitRow | LatencyLimitRow)[]> {
  const rows: (LimitRow | LatencyLimitRow)[] = [];
  const add = (row: LimitRow | LatencyLimitRow): void => {
    rows.push(row);
    log(`limit ${row.probe}: ${describeLimit(row)}`);
  };
  add({
    kind: "limit",
    probe: "disk write, page cache",
    unit: "1 MiB",
    result: await probe("disk write", options.phaseTimeoutMs, () => measureDiskWrite(options.diskMiB, false)),
  });
  add({
    kind: "limit",
    probe: "disk write + fdatasync",
    unit: "1 MiB",
    result: await probe("disk write with fdatasync", options.phaseTimeoutMs, () => measureDiskWrite(Math.max(1, options.diskMiB / 2), true)),
  });
  add({
    kind: "limit",
    probe: "loopback TCP",
    unit: "256 KiB",
    result: await probe("loopback TCP", options.phaseTimeoutMs, () => measureLoopbackTcp(options.loopbackMiB)),
  });
  // An fsync-before-ack record can at best be as quick as one small append and its fdatasync.
  for (const size of options.sizes) {
    add(await latencyFloor("append + fdatasync", `${size} B`, options.phaseTimeoutMs, () => measureAppendSync(size, options.syncSamples)));
  }
  add(await latencyFloor(`open-loop sender at ${options.latencyRate}/s`, "no-op", options.phaseTimeoutMs, () => measureSenderLateness(options.syncSamples, options.latencyRate)));
  // Both together, with the queueing of a group commit: the latency run of an fsync-before-ack broker with no network and no work of its own.
  for (const size of options.sizes) {
    add(await latencyFloor(`group commit at ${options.latencyRate}/s`, `${size} B`, options.phaseTimeoutMs, () => measureGroupCommit(size, options.syncSamples, options.latencyRate)));
  }
  return rows;
}
