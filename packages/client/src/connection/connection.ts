import { apiVersions } from "@freshet/protocol/messages/api-versions";
import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { systemClock, type Clock } from "../time/clock.js";
import { TransportConnectError, formatAddress, type BrokerAddress, type Transport, type TransportConnector } from "../transport/transport.js";
import { clientMaxVersion, negotiateVersion, type BrokerApiVersions, type VersionRange } from "./api-version-range.js";
import { ConnectionError } from "./connection-error.js";
import { PendingRequests, type PendingRequest } from "./pending-requests.js";
import { authenticate } from "./sasl/authenticate.js";
import type { SaslOptions } from "./sasl/sasl-options.js";

export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const MAX_CORRELATION_ID = 0x7fffffff;
const UNSUPPORTED_VERSION = 35;
const CLIENT_SOFTWARE_NAME = "freshet-client";
const CLIENT_SOFTWARE_VERSION = "0.1.0";

export interface ConnectionOptions {
  readonly address: BrokerAddress;
  readonly connector: TransportConnector;
  readonly clientId?: string | null;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly maxFrameBytes?: number;
  readonly clock?: Clock;
  /** Log in before any other request, for brokers that require SASL. */
  readonly sasl?: SaslOptions;
}

export interface RequestOptions {
  /** Overrides the connection's request timeout (long polls need more). */
  readonly timeoutMs?: number;
}

/**
 * One connection to one broker. Requests are pipelined: any number may be in
 * flight, each gets the next correlation id, and responses are matched to them in
 * order. The API versions to use are negotiated with ApiVersions when opening,
 * then the connection logs in when given SASL options.
 */
export class BrokerConnection {
  readonly address: BrokerAddress;
  readonly #clientId: string | null;
  readonly #requestTimeoutMs: number;
  readonly #clock: Clock;
  readonly #decoder: FrameDecoder;
  readonly #pending = new PendingRequests();
  #transport: Transport | null = null;
  #nextCorrelationId = 0;
  #closedBy: ConnectionError | null = null;
  #brokerVersions: BrokerApiVersions = new Map();

  private constructor(options: ConnectionOptions) {
    this.address = options.address;
    this.#clientId = options.clientId === undefined ? "freshet" : options.clientId;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#clock = options.clock ?? systemClock;
    this.#decoder = new FrameDecoder({ maxFrameBytes: options.maxFrameBytes, minFrameBytes: 4 });
  }

  /** Connects and negotiates API versions; rejects with a ConnectionError. */
  static async open(options: ConnectionOptions): Promise<BrokerConnection> {
    const connection = new BrokerConnection(options);
    try {
      connection.#transport = await options.connector(
        options.address,
        { onData: (chunk) => connection.#onData(chunk), onClose: (error) => connection.#onClose(error) },
        { connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
      );
    } catch (cause) {
      const message = cause instanceof TransportConnectError ? cause.message : `cannot reach broker at ${formatAddress(options.address)}`;
      throw new ConnectionError("connect", options.address, message, { cause });
    }
    try {
      connection.#brokerVersions = await connection.#negotiate();
      if (options.sasl !== undefined) await authenticate(connection, options.sasl);
    } catch (error) {
      connection.close();
      throw error;
    }
    return connection;
  }

  get closed(): boolean {
    return this.#closedBy !== null;
  }

  /** Requests sent and not yet answered (or timed out but still owed by the broker). */
  get inFlight(): number {
    return this.#pending.size;
  }

  get brokerVersions(): BrokerApiVersions {
    return this.#brokerVersions;
  }

  /** The version this connection uses for `api`, or undefined if the broker lacks it. */
  versionOf(api: ApiDefinition): number | undefined {
    return negotiateVersion(api, this.#brokerVersions);
  }

  #versionOrThrow(api: ApiDefinition): number {
    const version = this.versionOf(api);
    if (version !== undefined) return version;
    const range = this.#brokerVersions.get(api.key);
    const offered = range ? `versions ${range.min}-${range.max}` : "no version";
    throw new ConnectionError(
      "unsupported",
      this.address,
      `broker at ${formatAddress(this.address)} offers ${offered} of ${api.name} (key ${api.key}); this client speaks ${api.minVersion}-${api.maxVersion}`,
    );
  }

  /** Sends a request and resolves with its decoded response body. */
  async request<A extends ApiDefinition>(api: A, body: RequestOf<A>, options: RequestOptions = {}): Promise<ResponseOf<A>> {
    const version = this.#versionOrThrow(api);
    const frame = await this.#exchange(api, version, body, options.timeoutMs ?? this.#requestTimeoutMs);
    return this.#decode(api, version, frame);
  }

  /**
   * Sends a request the broker does not answer (Produce with acks=0). Resolves once
   * the bytes are handed to the transport; no correlation slot is kept for it.
   */
  async sendWithoutResponse<A extends ApiDefinition>(api: A, body: RequestOf<A>): Promise<void> {
    const version = this.#versionOrThrow(api);
    await this.#write(api, version, body, this.#takeCorrelationId());
  }

  /** Closes the connection and fails every request still in flight; idempotent. */
  close(): void {
    this.#fail(new ConnectionError("closed", this.address, `connection to ${formatAddress(this.address)} closed`));
  }

  #decode<A extends ApiDefinition>(api: A, version: number, frame: Uint8Array): ResponseOf<A> {
    const decoded = decodeResponse(api, version, frame);
    if (decoded.ok) return decoded.value.body;
    throw new ConnectionError("protocol", this.address, `undecodable ${api.name} v${version} response from ${formatAddress(this.address)}: ${decoded.error.message}`, { cause: decoded.error });
  }

  #takeCorrelationId(): number {
    const id = this.#nextCorrelationId;
    this.#nextCorrelationId = id === MAX_CORRELATION_ID ? 0 : id + 1;
    return id;
  }

  #write<A extends ApiDefinition>(api: A, version: number, body: RequestOf<A>, correlationId: number): Promise<void> {
    if (this.#closedBy || this.#transport === null) return Promise.reject(this.#closedBy ?? new Error("not connected"));
    const chunks = encodeRequest(api, { apiKey: api.key, apiVersion: version, correlationId, clientId: this.#clientId }, body);
    return this.#transport.write(chunks).catch((cause: unknown) => {
      throw new ConnectionError("closed", this.address, `write to ${formatAddress(this.address)} failed`, { cause });
    });
  }

  /** Sends one request and resolves with the raw response frame (after its size prefix). */
  #exchange<A extends ApiDefinition>(api: A, version: number, body: RequestOf<A>, timeoutMs: number): Promise<Uint8Array> {
    if (this.#closedBy) return Promise.reject(this.#closedBy);
    return new Promise<Uint8Array>((resolve, reject) => {
      const correlationId = this.#takeCorrelationId();
      const entry: PendingRequest = { correlationId, resolve, reject, timer: null, abandoned: false };
      entry.timer = this.#clock.setTimeout(() => {
        entry.abandoned = true;
        entry.timer = null;
        reject(new ConnectionError("request-timeout", this.address, `${api.name} request to ${formatAddress(this.address)} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      // Registered before writing: the response may arrive before the write settles.
      this.#pending.push(entry);
      this.#write(api, version, body, correlationId).catch((error: unknown) => {
        this.#fail(error instanceof ConnectionError ? error : new ConnectionError("closed", this.address, String(error)));
      });
    });
  }

  #onData(chunk: Uint8Array): void {
    const frames = this.#decoder.push(chunk);
    if (!frames.ok) {
      this.#fail(new ConnectionError("protocol", this.address, `bad frame from ${formatAddress(this.address)}: ${frames.error.message}`));
      return;
    }
    for (const frame of frames.value) {
      if (this.#closedBy) return;
      this.#onFrame(frame);
    }
  }

  #onFrame(frame: Uint8Array): void {
    const correlationId = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getInt32(0);
    const expected = this.#pending.peek();
    if (expected === undefined || expected.correlationId !== correlationId) {
      const wanted = expected === undefined ? "no response" : `correlation id ${expected.correlationId}`;
      this.#fail(new ConnectionError("protocol", this.address, `broker at ${formatAddress(this.address)} sent correlation id ${correlationId}, expected ${wanted}`));
      return;
    }
    this.#pending.shift();
    if (expected.abandoned) return;
    if (expected.timer) this.#clock.clearTimeout(expected.timer);
    expected.resolve(frame);
  }

  #onClose(error?: Error): void {
    const reason = error ? `: ${error.message}` : "";
    this.#fail(new ConnectionError("closed", this.address, `connection to ${formatAddress(this.address)} closed${reason}`, { cause: error }));
  }

  #fail(error: ConnectionError): void {
    if (this.#closedBy) return;
    this.#closedBy = error;
    this.#transport?.close();
    for (const entry of this.#pending.drain()) {
      if (entry.timer) this.#clock.clearTimeout(entry.timer);
      if (!entry.abandoned) entry.reject(error);
    }
  }

  /**
   * ApiVersions from our highest version down. A broker that does not know the
   * version answers UNSUPPORTED_VERSION in a v0 body listing its own ApiVersions
   * range (Kafka's behaviour, which librdkafka relies on), so on error 35 or an
   * undecodable body we read the frame as v0 and retry with the best common version.
   */
  async #negotiate(): Promise<BrokerApiVersions> {
    let version = clientMaxVersion(apiVersions);
    for (;;) {
      const frame = await this.#exchange(apiVersions, version, { clientSoftwareName: CLIENT_SOFTWARE_NAME, clientSoftwareVersion: CLIENT_SOFTWARE_VERSION }, this.#requestTimeoutMs);
      const decoded = decodeResponse(apiVersions, version, frame);
      if (decoded.ok && decoded.value.body.errorCode === 0) {
        return new Map(decoded.value.body.apiKeys.map((k): [number, VersionRange] => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
      }
      if (decoded.ok && decoded.value.body.errorCode !== UNSUPPORTED_VERSION) {
        throw new ConnectionError("protocol", this.address, `ApiVersions failed at ${formatAddress(this.address)}`, {
          cause: new KafkaProtocolError(decoded.value.body.errorCode, "ApiVersions"),
        });
      }
      const fallback = decodeResponse(apiVersions, 0, frame);
      const advertised = fallback.ok ? fallback.value.body.apiKeys.find((k) => k.apiKey === apiVersions.key) : undefined;
      const next = Math.min(version - 1, advertised?.maxVersion ?? version - 1);
      if (next < apiVersions.minVersion) {
        throw new ConnectionError("unsupported", this.address, `broker at ${formatAddress(this.address)} accepts no ApiVersions version we speak`);
      }
      version = next;
    }
  }
}
