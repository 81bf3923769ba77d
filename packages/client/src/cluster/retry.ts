import { sleep, type Clock } from "../time/clock.js";

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 6, initialDelayMs: 100, maxDelayMs: 2_000, factor: 2 };

export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** attempt);
}

/** Errors say themselves whether trying again can help (ConnectionError, KafkaProtocolError). */
export function isRetriableError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { retriable?: unknown }).retriable === true;
}

export interface RetryHooks {
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** Runs before each retry, e.g. to drop stale metadata. */
  readonly beforeRetry?: (error: unknown, attempt: number) => void | Promise<void>;
}

/** Runs `operation` until it succeeds, fails with a non-retriable error, or retries run out. */
export async function withRetry<T>(policy: RetryPolicy, hooks: RetryHooks, operation: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= policy.retries || !isRetriableError(error) || hooks.signal?.aborted) throw error;
      await hooks.beforeRetry?.(error, attempt);
      await sleep(hooks.clock, backoffDelay(policy, attempt), hooks.signal);
    }
  }
}
