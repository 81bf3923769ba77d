import type { Clock } from "../system/clock.js";

/** How far ahead of its rate a client may get before it is throttled: a second's worth, as Kafka's one-second sample window allows. */
export const DEFAULT_BURST_MS = 1_000;
/** Past this many buckets, those fully paid are forgotten (clients come and go). */
const PRUNE_ABOVE = 1_024;

interface Bucket {
  readonly rate: number;
  /** When every byte recorded so far would have been sent at `rate`. */
  paidUntil: number;
}

/**
 * Byte-rate quotas as the throttle time each request earns (KIP-219): bytes are always
 * accepted and recorded; a bucket that has run more than `burstMs` ahead of its rate
 * returns how long its client must now stay quiet for its average to fall back to the
 * rate. A changed rate starts its bucket afresh, so lifting a cap lifts the throttle at once.
 */
export class ByteRateThrottle {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly burstMs = DEFAULT_BURST_MS,
  ) {}

  /** Records `bytes` against `bucket` at `rate` bytes per second; returns the throttle time in ms (0: none). */
  record(bucket: string, rate: number, bytes: number): number {
    const now = this.clock.now();
    let state = this.#buckets.get(bucket);
    if (state === undefined || state.rate !== rate) {
      if (this.#buckets.size >= PRUNE_ABOVE) this.#prune(now);
      state = { rate, paidUntil: now };
      this.#buckets.set(bucket, state);
    }
    state.paidUntil = Math.max(state.paidUntil, now) + (bytes * 1000) / rate;
    return Math.max(0, Math.ceil(state.paidUntil - now - this.burstMs));
  }

  #prune(now: number): void {
    for (const [key, state] of this.#buckets) if (state.paidUntil <= now) this.#buckets.delete(key);
  }
}
