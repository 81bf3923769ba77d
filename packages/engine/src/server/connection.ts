import type { Socket } from "node:net";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";
import type { Logger } from "pino";
import type { DispatchOutcome, FrameDispatcher } from "./dispatcher.js";

export interface ConnectionLimits {
  /** Largest request frame accepted (Kafka's socket.request.max.bytes). */
  readonly maxFrameBytes: number;
  /** Requests started but not yet answered before we stop reading the socket. */
  readonly maxInFlight: number;
}

/** Smallest request: api key, version, correlation id. */
const MIN_REQUEST_BYTES = 8;

/**
 * One client connection. Requests start as soon as they are framed, so pipelined
 * produces share group commits, but answers leave strictly in request order, as
 * Kafka clients require. Reading pauses while too many requests are in flight or
 * the socket is not draining, which bounds the memory one client can hold.
 */
export class Connection {
  readonly #decoder: FrameDecoder;
  readonly #queue: Promise<DispatchOutcome>[] = [];
  #writing = false;
  #closed = false;
  /** Resolves when the client is gone or the broker is shutting down: long waits end early. */
  readonly abandoned: Promise<void>;
  #abandon!: () => void;
  #idleWaiters: (() => void)[] = [];

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly dispatcher: FrameDispatcher,
    private readonly limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {
    this.#decoder = new FrameDecoder({ maxFrameBytes: limits.maxFrameBytes, minFrameBytes: MIN_REQUEST_BYTES });
    this.abandoned = new Promise((resolve) => (this.#abandon = resolve));
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("drain", () => this.#maybeResume());
    socket.on("error", (error) => this.logger.debug({ err: error, connection: id }, "connection error"));
    socket.on("close", () => {
      this.#closed = true;
      this.#abandon();
      this.#notifyIdle();
    });
  }

  get remoteAddress(): string {
    return `${this.socket.remoteAddress ?? "?"}:${this.socket.remotePort ?? "?"}`;
  }

  #onData(chunk: Buffer): void {
    const framed = this.#decoder.push(chunk);
    if (!framed.ok) {
      this.#close(framed.error.message);
      return;
    }
    for (const frame of framed.value) {
      this.#queue.push(this.dispatcher.dispatch(frame, { connectionId: this.id, remoteAddress: this.remoteAddress, abandoned: this.abandoned }));
    }
    if (this.#queue.length >= this.limits.maxInFlight) this.socket.pause();
    void this.#drainQueue();
  }

  async #drainQueue(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const outcome = await this.#queue[0]!;
        this.#queue.shift();
        if (outcome.kind === "close") {
          this.#close(outcome.reason);
          return;
        }
        if (outcome.kind === "respond-and-close") {
          this.#write(outcome.chunks);
          this.#close(outcome.reason, "after-write");
          return;
        }
        if (outcome.kind === "respond") this.#write(outcome.chunks);
        this.#maybeResume();
      }
    } finally {
      this.#writing = false;
      if (this.#queue.length === 0 || this.#closed) this.#notifyIdle();
    }
  }

  #notifyIdle(): void {
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #write(chunks: Uint8Array[]): void {
    this.socket.cork();
    for (const chunk of chunks) this.socket.write(chunk);
    process.nextTick(() => this.socket.uncork());
    // A client that does not read its answers stops being read from.
    if (this.socket.writableNeedDrain) this.socket.pause();
  }

  #maybeResume(): void {
    if (this.#closed || !this.socket.isPaused()) return;
    if (this.#queue.length < this.limits.maxInFlight && !this.socket.writableNeedDrain) this.socket.resume();
  }

  #close(reason: string, when: "now" | "after-write" = "now"): void {
    if (this.#closed) return;
    this.logger.warn({ connection: this.id, remote: this.remoteAddress, reason }, "closing connection");
    this.#closed = true;
    // end() flushes what was written (uncorking it) before the FIN; destroy() drops it.
    if (when === "after-write") this.socket.end();
    else this.socket.destroy();
  }

  /** Ends the connection once every request already received has been answered. */
  async shutdown(): Promise<void> {
    this.#abandon();
    if (this.#queue.length > 0 && !this.#closed) {
      await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    }
    this.socket.end();
  }
}
