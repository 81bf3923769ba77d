import type { Clock, TimerHandle } from "../time/clock.js";

interface Scheduled {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** A clock that moves only when a test calls advance(), firing due timers in order. */
export class ManualClock implements Clock {
  #now = 0;
  #nextId = 0;
  #timers: Scheduled[] = [];

  now(): number {
    return this.#now;
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.push({ id, at: this.#now + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle.id);
  }

  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = due.at;
      due.callback();
    }
    this.#now = target;
  }
}
