import type { Clock } from "../../broker/resources.js";
import type { Timers } from "../timers.js";

interface PendingTimer {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
}

/** A clock and timers that move only when a test calls `advance`; due timers fire in due order. */
export class ManualTime implements Clock, Timers {
  #now: number;
  #order = 0;
  readonly #pending = new Set<PendingTimer>();

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule(ms: number, callback: () => void): () => void {
    const timer: PendingTimer = { due: this.#now + Math.max(0, ms), order: this.#order++, callback };
    this.#pending.add(timer);
    return () => this.#pending.delete(timer);
  }

  get pendingTimers(): number {
    return this.#pending.size;
  }

  /** Moves time forward, firing every timer that falls due on the way at its own instant. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const next = [...this.#pending].filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (next === undefined) break;
      this.#pending.delete(next);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = target;
  }
}
