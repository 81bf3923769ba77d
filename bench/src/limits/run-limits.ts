import type { BenchOptions } from "../cli/options.js";
import type { LimitRow } from "../report/report.js";
import { withDeadline } from "../run/deadline.js";
import { megabytesPerSecond } from "../workload/payload.js";
import { measureDiskWrite } from "./disk-write.js";
import { measureLoopbackTcp } from "./loopback-tcp.js";

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

/** The machine's ceilings: what any broker on this disk and loopback could at best reach. */
export async function runLimits(options: BenchOptions, log: (line: string) => void): Promise<LimitRow[]> {
  const rows: LimitRow[] = [];
  const add = (row: LimitRow): void => {
    rows.push(row);
    log(`limit ${row.probe}: ${row.result.status === "ok" ? `${row.result.value.megabytesPerSecond.toFixed(0)} MB/s` : row.result.reason}`);
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
  return rows;
}
