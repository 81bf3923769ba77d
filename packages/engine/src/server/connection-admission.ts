/** How many connections a listener holds, in all and from one address (Kafka's max.connections / max.connections.per.ip). */
export interface ConnectionCaps {
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
}

export type Admission = { readonly ok: true; release(): void } | { readonly ok: false; readonly reason: string };

/**
 * Counts open connections per remote address so one client (or one host) cannot
 * hold every file descriptor and the memory each connection costs. A refused
 * connection is closed at once, before any byte of it is read.
 */
export class ConnectionAdmission {
  readonly #perAddress = new Map<string, number>();
  #total = 0;

  constructor(private readonly caps: ConnectionCaps) {}

  admit(address: string): Admission {
    if (this.#total >= this.caps.maxConnections) return { ok: false, reason: `the listener already holds its limit of ${this.caps.maxConnections} connections` };
    const held = this.#perAddress.get(address) ?? 0;
    if (held >= this.caps.maxConnectionsPerAddress) {
      return { ok: false, reason: `${address} already holds its limit of ${this.caps.maxConnectionsPerAddress} connections` };
    }
    this.#total++;
    this.#perAddress.set(address, held + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.#total--;
        const left = (this.#perAddress.get(address) ?? 1) - 1;
        if (left === 0) this.#perAddress.delete(address);
        else this.#perAddress.set(address, left);
      },
    };
  }
}
