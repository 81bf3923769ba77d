import type { Cancel, Clock } from "../system/clock.js";

/**
 * A connection muted for a quota (KIP-219). The request that earned the throttle is
 * answered at once, carrying its throttle time; until the throttle has passed, nothing
 * more is read from the client, and answers to requests it had already pipelined behind
 * that one are held back, as if the broker had not read them yet (Kafka reads one request
 * of a muted channel at a time, so clients that pipeline are held back there too).
 */
export class ConnectionMute {
  #until = 0;
  /** Requests after this one (by arrival) wait for the mute to end before they are answered. */
  #after = -1;
  #cancel: Cancel | null = null;
  #waiters: (() => void)[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly onUnmuted: () => void,
  ) {}

  get active(): boolean {
    return this.#cancel !== null;
  }

  /** Mutes for `ms` from now (a longer mute already running stays) after request number `sequence`. */
  mute(ms: number, sequence: number): void {
    if (ms <= 0) return;
    const until = this.clock.now() + ms;
    if (this.active && until <= this.#until) return;
    this.#until = until;
    this.#after = sequence;
    this.#cancel?.();
    // The timer ends the mute, not a comparison with the clock: a timer may fire a millisecond early.
    this.#cancel = this.clock.schedule(ms, () => this.release());
  }

  /** What the answer to request `sequence` must wait for, or null when it may go now. */
  hold(sequence: number): Promise<void> | null {
    if (!this.active || sequence <= this.#after) return null;
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Ends the mute now (its time passed, or the connection is closing). */
  release(): void {
    if (!this.active) return;
    this.#cancel?.();
    this.#cancel = null;
    for (const resolve of this.#waiters.splice(0)) resolve();
    this.onUnmuted();
  }
}
