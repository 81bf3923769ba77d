/**
 * The byte pipe under a broker connection. Only transport implementations touch a
 * runtime's socket API, so everything above stays portable (edge, browser).
 */
export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
}

export function formatAddress(address: BrokerAddress): string {
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

export interface TransportEvents {
  /** Bytes as they arrive; the chunk may be retained by the receiver. */
  onData(chunk: Uint8Array): void;
  /** Called once, when the pipe is gone; `error` is absent for a clean close. */
  onClose(error?: Error): void;
}

export interface Transport {
  /**
   * Queues the chunks in order. Resolves once the transport can take more
   * (immediately unless its buffer is full), so a fast writer awaits instead of
   * buffering without bound; rejects if the pipe is closed.
   */
  write(chunks: readonly Uint8Array[]): Promise<void>;
  /** Closes the pipe; safe to call more than once. */
  close(): void;
}

export type ConnectFailureKind = "refused" | "timeout" | "unreachable";

/** Why opening a transport failed, classified so callers can phrase it for users. */
export class TransportConnectError extends Error {
  constructor(
    readonly address: BrokerAddress,
    readonly kind: ConnectFailureKind,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot reach broker at ${formatAddress(address)}: ${detail}`, options);
    this.name = "TransportConnectError";
  }
}

export type TransportConnector = (address: BrokerAddress, events: TransportEvents, options: { readonly connectTimeoutMs: number }) => Promise<Transport>;
