import { runOpenLoop } from "../run/open-loop.js";

/**
 * The floor the load generator itself puts under every latency row: the open
 * loop (run/open-loop.ts) with a send that confirms at once, so each sample is
 * only how late the sender got to a record's intended time. Node's timers have
 * millisecond resolution, so this is not zero even on an idle machine; every
 * system's latency run carries the same lateness.
 */
export function measureSenderLateness(records: number, ratePerSecond: number): Promise<number[]> {
  return runOpenLoop(records, ratePerSecond, () => Promise.resolve());
}
