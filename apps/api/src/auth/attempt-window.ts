/**
 * Attempts per key in a sliding window: once `maxAttempts` were recorded within `windowMs`,
 * the key is refused until the oldest of them has aged out. What counts as an attempt is the
 * caller's choice (failed sign-ins, accounts created).
 */
export interface AttemptWindowOptions {
  readonly maxAttempts: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

export type LimitVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export class AttemptWindow {
  readonly #maxAttempts: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #attempts = new Map<string, number[]>();

  constructor(options: AttemptWindowOptions) {
    this.#maxAttempts = options.maxAttempts;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
  }

  check(key: string): LimitVerdict {
    const recent = this.#recent(key);
    if (recent.length < this.#maxAttempts) return { allowed: true };
    const oldest = recent[recent.length - this.#maxAttempts]!;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.#windowMs - this.#now()) / 1000)) };
  }

  record(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.#now());
    this.#attempts.set(key, recent);
  }

  forget(key: string): void {
    this.#attempts.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#windowMs;
    const recent = (this.#attempts.get(key) ?? []).filter((at) => at > since);
    // Keys whose attempts all aged out are dropped, so the map stays as large as the current attacks.
    if (recent.length === 0) this.#attempts.delete(key);
    return recent;
  }
}
