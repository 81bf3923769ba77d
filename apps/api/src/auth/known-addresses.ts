/**
 * Client addresses each account signed in from successfully, remembered for `rememberMs`. The
 * per-account sign-in limit spares them: guesses from elsewhere can slow down strangers to an
 * account, never lock its owner out of the places they already use.
 */
export class KnownAddresses {
  readonly #rememberMs: number;
  readonly #now: () => number;
  readonly #lastSuccess = new Map<string, Map<string, number>>();

  constructor(options: { rememberMs: number; now?: () => number }) {
    this.#rememberMs = options.rememberMs;
    this.#now = options.now ?? Date.now;
  }

  remember(account: string, address: string): void {
    const addresses = this.#live(account) ?? new Map<string, number>();
    addresses.set(address, this.#now());
    this.#lastSuccess.set(account, addresses);
  }

  has(account: string, address: string): boolean {
    return this.#live(account)?.has(address) ?? false;
  }

  /** The account's addresses with their stale entries dropped (the account too, when none is left). */
  #live(account: string): Map<string, number> | undefined {
    const addresses = this.#lastSuccess.get(account);
    if (addresses === undefined) return undefined;
    const since = this.#now() - this.#rememberMs;
    for (const [address, at] of addresses) if (at <= since) addresses.delete(address);
    if (addresses.size === 0) this.#lastSuccess.delete(account);
    return addresses;
  }
}
