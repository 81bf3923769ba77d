import type { Clock } from "../system/clock.js";

export interface LoginThrottleSettings {
  /** Delay after an address's first failed login; it doubles with each further failure. */
  readonly baseDelayMs: number;
  /** The longest delay (and so the slowest guessing rate: one attempt per this many ms per address). */
  readonly maxDelayMs: number;
  /** An address with no failure for this long starts again from nothing. */
  readonly forgetAfterMs: number;
  /** Addresses remembered at once; the oldest are forgotten first. */
  readonly maxAddresses: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = { baseDelayMs: 100, maxDelayMs: 2_000, forgetAfterMs: 60_000, maxAddresses: 10_000 };

interface AddressState {
  failures: number;
  lastFailureAt: number;
  /** No login attempt from this address is checked before this time. */
  nextAttemptAt: number;
}

/**
 * Slows password guessing per client address: each failed SASL login delays its
 * answer, and pushes back the time from which the address's next attempts are
 * checked, by a delay that doubles per failure up to a ceiling. Pushing back
 * attempts (not only answers) matters because a guesser on parallel connections
 * would otherwise read a success early and ignore the slow failures. The backlog
 * is capped at one ceiling, so nobody is locked out: a rightful user on the same
 * address waits at most the ceiling, and a guesser gets at most one attempt per
 * connection per ceiling (the per-address connection cap bounds the connections).
 * A success moves nothing.
 */
export class LoginThrottle {
  readonly #addresses = new Map<string, AddressState>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: LoginThrottleSettings = DEFAULT_LOGIN_THROTTLE,
  ) {}

  /** Milliseconds to wait before checking a login attempt from `address` (0 for an address without recent failures). */
  waitBeforeAttempt(address: string): number {
    const state = this.#current(address);
    return state === undefined ? 0 : Math.max(0, state.nextAttemptAt - this.clock.now());
  }

  /** Records a failed login; returns how long to hold its answer. */
  failed(address: string): number {
    const now = this.clock.now();
    const state = this.#current(address) ?? this.#remember(address, { failures: 0, lastFailureAt: now, nextAttemptAt: now });
    state.failures++;
    state.lastFailureAt = now;
    const delay = this.#delay(state.failures);
    // Never more than one ceiling ahead: a rightful user sharing the address (every local client is
    // 127.0.0.1) waits at most that long, whatever a parallel guesser queued before them.
    state.nextAttemptAt = Math.min(Math.max(state.nextAttemptAt, now) + delay, now + this.settings.maxDelayMs);
    return delay;
  }

  #delay(failures: number): number {
    return Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** Math.min(failures - 1, 30));
  }

  #current(address: string): AddressState | undefined {
    const state = this.#addresses.get(address);
    if (state === undefined) return undefined;
    const now = this.clock.now();
    if (now - state.lastFailureAt > this.settings.forgetAfterMs && now >= state.nextAttemptAt) {
      this.#addresses.delete(address);
      return undefined;
    }
    return state;
  }

  #remember(address: string, state: AddressState): AddressState {
    if (this.#addresses.size >= this.settings.maxAddresses) {
      // Map order is insertion order: the first key is the longest remembered.
      const oldest = this.#addresses.keys().next().value;
      if (oldest !== undefined) this.#addresses.delete(oldest);
    }
    this.#addresses.set(address, state);
    return state;
  }

  /** Addresses currently remembered (for tests and metrics). */
  get size(): number {
    return this.#addresses.size;
  }
}
