import type { Clock } from "../system/clock.js";
import { ByteRateThrottle } from "./byte-rate-throttle.js";
import { quotaFor, type QuotaKey } from "./client-quotas.js";
import type { QuotaStore } from "./quota-store.js";

/**
 * One byte-rate quota of one broker (producer_byte_rate for Produce, consumer_byte_rate for
 * Fetch): each request's bytes, counted against the quota that applies to its client.
 */
export class ByteRateQuotas {
  readonly #throttle: ByteRateThrottle;

  constructor(
    private readonly store: QuotaStore,
    private readonly key: QuotaKey,
    clock: Clock,
  ) {
    this.#throttle = new ByteRateThrottle(clock);
  }

  /** Records a request of `bytes` from `principal`/`clientId`; returns the throttle time it earned in ms (0 without a quota). */
  throttleMs(principal: string, clientId: string, bytes: number): number {
    const quota = quotaFor(this.store.current(), this.key, principal, clientId);
    return quota === null ? 0 : this.#throttle.record(quota.bucket, quota.rate, bytes);
  }
}
