import type { Clock } from "../system/clock.js";

export type HighWatermarkWait = "reached" | "timeout" | "not-leader";

interface Waiter {
  readonly offset: number;
  readonly settle: (result: HighWatermarkWait) => void;
}

/**
 * The acks=all waits of one partition, least offset first. A high-watermark move settles
 * exactly the waits it passes, and nothing else wakes them: with W produces waiting, an
 * append or a move costs O(settled + log W), not O(W). (Each wait used to be a listener woken
 * on every append and move, so a burst of G one-record produces cost O(G^2) in wake-ups,
 * which grew with the queue it caused.)
 */
export class HighWatermarkWaits {
  /** Sorted by offset; settled waits leave as soon as they settle. */
  readonly #waiters: Waiter[] = [];

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.#waiters.length;
  }

  /** Resolves when `settleThrough` passes `offset`, `settleAll` is called, or `timeoutMs` passes. */
  wait(offset: number, timeoutMs: number): Promise<HighWatermarkWait> {
    return new Promise((resolve) => {
      let settled = false;
      const waiter: Waiter = {
        offset,
        settle: (result) => {
          if (settled) return;
          settled = true;
          cancelTimer();
          resolve(result);
        },
      };
      const cancelTimer = this.clock.schedule(timeoutMs, () => {
        this.#remove(waiter);
        waiter.settle("timeout");
      });
      this.#insert(waiter);
    });
  }

  /** The high watermark is now `highWatermark`: every wait for an offset below it is reached. */
  settleThrough(highWatermark: number): void {
    let count = 0;
    while (count < this.#waiters.length && this.#waiters[count]!.offset < highWatermark) count++;
    if (count === 0) return;
    for (const waiter of this.#waiters.splice(0, count)) waiter.settle("reached");
  }

  /** Ends every wait with `result` (leadership lost). */
  settleAll(result: HighWatermarkWait): void {
    for (const waiter of this.#waiters.splice(0)) waiter.settle(result);
  }

  /** Produces append in offset order, so a new wait almost always belongs at the end. */
  #insert(waiter: Waiter): void {
    let at = this.#waiters.length;
    while (at > 0 && this.#waiters[at - 1]!.offset > waiter.offset) at--;
    this.#waiters.splice(at, 0, waiter);
  }

  #remove(waiter: Waiter): void {
    const at = this.#waiters.indexOf(waiter);
    if (at >= 0) this.#waiters.splice(at, 1);
  }
}
