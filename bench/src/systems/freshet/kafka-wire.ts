import { connect, type Socket } from "node:net";
import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";

interface PendingRequest {
  readonly correlationId: number;
  readonly settle: (frame: Uint8Array | Error) => void;
}

/**
 * The load generator's own Kafka connection: requests go out back to back and
 * their responses come back in the same order (Kafka answers a connection's
 * requests in order), so a FIFO of pending requests is the whole bookkeeping.
 * Deliberately free of retries, metadata and batching policy, so the numbers
 * show the broker, not a client library.
 */
export class KafkaWire {
  readonly #socket: Socket;
  readonly #frames = new FrameDecoder();
  readonly #pending: PendingRequest[] = [];
  #nextCorrelationId = 1;
  #failure: Error | null = null;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", (chunk) => this.#receive(chunk));
    socket.on("error", (cause) => this.#fail(new Error(`connection to the broker failed: ${cause.message}`, { cause })));
    socket.on("close", () => this.#fail(new Error("the broker closed the connection")));
  }

  static open(host: string, port: number, timeoutMs: number): Promise<KafkaWire> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`)));
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.setTimeout(0);
        socket.off("error", reject);
        resolve(new KafkaWire(socket));
      });
    });
  }

  /** Sends one request; resolves with its decoded response. */
  async request<A extends ApiDefinition>(api: A, version: number, body: RequestOf<A>): Promise<ResponseOf<A>> {
    const frame = await this.#send(api, version, body);
    const decoded = decodeResponse(api, version, frame);
    if (!decoded.ok) throw new Error(`undecodable ${api.name} v${version} response: ${decoded.error.message}`);
    return decoded.value.body;
  }

  close(): void {
    this.#fail(new Error("connection closed by the benchmark"));
  }

  #send<A extends ApiDefinition>(api: A, version: number, body: RequestOf<A>): Promise<Uint8Array> {
    if (this.#failure) return Promise.reject(this.#failure);
    const correlationId = this.#nextCorrelationId++;
    const chunks = encodeRequest(api, { apiKey: api.key, apiVersion: version, correlationId, clientId: "freshet-bench" }, body);
    return new Promise((resolve, reject) => {
      this.#pending.push({ correlationId, settle: (result) => (result instanceof Error ? reject(result) : resolve(result)) });
      this.#socket.cork();
      for (const chunk of chunks) this.#socket.write(chunk);
      this.#socket.uncork();
    });
  }

  #receive(chunk: Buffer): void {
    const frames = this.#frames.push(chunk);
    if (!frames.ok) return this.#fail(new Error(`bad response framing: ${frames.error.message}`));
    for (const frame of frames.value) {
      const correlationId = frame.byteLength >= 4 ? new DataView(frame.buffer, frame.byteOffset, 4).getInt32(0) : -1;
      if (this.#pending[0]?.correlationId !== correlationId) {
        return this.#fail(new Error(`response with correlation id ${correlationId} does not match the oldest request`));
      }
      this.#pending.shift()!.settle(frame);
    }
  }

  #fail(failure: Error): void {
    if (!this.#failure) this.#failure = failure;
    this.#socket.destroy();
    for (const pending of this.#pending.splice(0)) pending.settle(this.#failure);
  }
}
