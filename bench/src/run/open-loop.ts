import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Open-loop (constant arrival rate) driver for latency: record i is due at
 * start + i / rate whether or not earlier records were confirmed, and its
 * latency is measured from that intended time, not from when the call was
 * actually made. A closed loop would wait out a slow response before sending
 * the next record and so hide the queueing delay ("coordinated omission").
 * Returns one latency in milliseconds per record; after an abort it stops
 * sending and rejects once the records already sent are settled.
 * With `maxBacklog`, it also stops sending (and returns fewer latencies) once
 * more than that many records are due but unconfirmed — sent and waiting, or
 * not even sent because the sender itself fell behind: the rate was not kept,
 * and the backlog would otherwise take minutes to drain.
 */
export async function runOpenLoop(records: number, ratePerSecond: number, send: () => Promise<void>, signal?: AbortSignal, maxBacklog = Infinity): Promise<number[]> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const intervalMs = 1000 / ratePerSecond;
  const start = performance.now();
  let issued = 0;
  while (issued < records && !signal?.aborted) {
    const now = performance.now();
    const due = Math.min(records, Math.floor((now - start) / intervalMs) + 1);
    if (due - latencies.length > maxBacklog) break;
    for (; issued < due && issued - latencies.length <= maxBacklog; issued++) {
      const intended = start + issued * intervalMs;
      pending.push(send().then(() => void latencies.push(performance.now() - intended)));
    }
    if (issued < records) await sleep(Math.max(0, start + issued * intervalMs - performance.now()));
  }
  const settled = await Promise.allSettled(pending);
  signal?.throwIfAborted();
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return latencies;
}
