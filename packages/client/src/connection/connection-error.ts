import type { BrokerAddress } from "../transport/transport.js";

/**
 * Failures of the pipe itself, as opposed to Kafka error codes (KafkaProtocolError).
 *
 * - `connect`: the broker could not be reached (retriable: it may be starting).
 * - `closed`: the connection went away with requests in flight (retriable on a new one).
 * - `request-timeout`: no response within the request's deadline (retriable).
 * - `protocol`: the peer broke the protocol (bad frame, unexpected correlation id);
 *   the connection is unusable and retrying the same peer is pointless.
 * - `unsupported`: the broker does not offer an API version we can speak.
 * - `authentication`: the broker refused our SASL login (or its mechanism); retrying cannot help.
 */
export type ConnectionErrorKind = "connect" | "closed" | "request-timeout" | "protocol" | "unsupported" | "authentication";

const RETRIABLE: Record<ConnectionErrorKind, boolean> = {
  connect: true,
  closed: true,
  "request-timeout": true,
  protocol: false,
  unsupported: false,
  authentication: false,
};

export class ConnectionError extends Error {
  readonly retriable: boolean;
  constructor(
    readonly kind: ConnectionErrorKind,
    readonly address: BrokerAddress,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ConnectionError";
    this.retriable = RETRIABLE[kind];
  }
}
