import type { Clock } from "../system/clock.js";
import { ByteRateThrottle } from "./byte-rate-throttle.js";
import { quotaFor } from "./client-quotas.js";
import type { QuotaStore } from "./quota-store.js";

/** The producer_byte_rate quotas of one broker: each Produce request's bytes, counted against the quota that applies to its client. */
export class ProduceQuotas {
  readonly #throttle: ByteRateThrottle;

  constructor(
    private readonly store: QuotaStore,
    clock: Clock,
  ) {
    this.#throttle = new ByteRateThrottle(clock);
  }

  /** Records a request of `bytes` from `principal`/`clientId`; returns the throttle time it earned in ms (0 without a quota). */
  throttleMs(principal: string, clientId: string, bytes: number): number {
    const quota = quotaFor(this.store.current(), "producer_byte_rate", principal, clientId);
    return quota === null ? 0 : this.#throttle.record(quota.bucket, quota.rate, bytes);
  }
}
