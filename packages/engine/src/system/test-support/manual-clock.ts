import type { Cancel, Clock } from "../clock.js";

interface PendingTimer {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when a test says so: `advance` fires every timer that
 * falls due on the way, at its own instant, in due order (ties in scheduling order).
 */
export class ManualClock implements Clock {
  #now: number;
  #order = 0;
  readonly #pending = new Set<PendingTimer>();

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule(ms: number, callback: () => void): Cancel {
    const timer: PendingTimer = { due: this.#now + Math.max(0, ms), order: this.#order++, callback };
    this.#pending.add(timer);
    return () => this.#pending.delete(timer);
  }

  get pendingTimers(): number {
    return this.#pending.size;
  }

  /** Moves time forward by `ms`, firing due timers (including ones scheduled by a callback on the way). */
  advance(ms: number): void {
    this.set(this.#now + ms);
  }

  /** Moves time to `epochMs`; a clock going backwards fires nothing. */
  set(epochMs: number): void {
    for (;;) {
      const next = [...this.#pending].filter((t) => t.due <= epochMs).sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (next === undefined) break;
      this.#pending.delete(next);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = epochMs;
  }
}
