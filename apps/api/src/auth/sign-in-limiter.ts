/**
 * Failed sign-ins per client address and email in a sliding window. Only failures count, so a
 * person who types the password right is never slowed down, while guessing one account's
 * password from one address stops after `maxFailures` tries until the window has moved on.
 */
export interface SignInLimiterOptions {
  readonly maxFailures?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
}

export type LimitVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export class SignInLimiter {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #failures = new Map<string, number[]>();

  constructor(options: SignInLimiterOptions = {}) {
    this.#maxFailures = options.maxFailures ?? 5;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  static key(address: string, email: string): string {
    return `${address}\u0000${email.trim().toLowerCase()}`;
  }

  check(key: string): LimitVerdict {
    const recent = this.#recent(key);
    if (recent.length < this.#maxFailures) return { allowed: true };
    const oldest = recent[recent.length - this.#maxFailures]!;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.#windowMs - this.#now()) / 1000)) };
  }

  recordFailure(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.#now());
    this.#failures.set(key, recent);
  }

  recordSuccess(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#windowMs;
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > since);
    // Keys whose failures all aged out are dropped, so the map stays as large as the current attacks.
    if (recent.length === 0) this.#failures.delete(key);
    return recent;
  }
}
