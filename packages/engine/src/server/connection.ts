import type { Socket } from "node:net";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";
import type { Cancel } from "../system/clock.js";
import type { EngineResources } from "../system/resources.js";
import { ConnectionMute } from "./connection-mute.js";
import type { CloseLog } from "./close-log.js";
import type { DispatchOutcome, FrameDispatcher } from "./dispatcher.js";

export interface ConnectionLimits {
  /** Largest request frame accepted (Kafka's socket.request.max.bytes). */
  readonly maxFrameBytes: number;
  /** Requests started but not yet answered before we stop reading the socket. */
  readonly maxInFlight: number;
  /**
   * Bytes of requests received and not yet answered (plus a frame being received)
   * before we stop reading the socket; one frame of any allowed size always fits.
   * Default: maxFrameBytes.
   */
  readonly maxQueuedBytes?: number;
  /**
   * Closes a connection with nothing in flight that has sent no complete request
   * and received no answer for this long (Kafka's connections.max.idle.ms): a
   * half-sent frame does not keep it open. Default: never.
   */
  readonly idleMs?: number;
}

/** What the listener knows about a connection, for gates that act on it later (e.g. a revoked login). */
export interface ConnectionHandle {
  readonly id: number;
  readonly remoteAddress: string;
  /** The client's IP address alone, the key of per-address limits. */
  readonly remoteHost: string;
  /** Whether the client speaks TLS on this connection. */
  readonly encrypted: boolean;
  /** Ends the connection now, dropping requests in flight. */
  close(reason: string): void;
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
  readonly #queue: { readonly outcome: Promise<DispatchOutcome>; readonly bytes: number; readonly sequence: number }[] = [];
  /** Arrival number of the next request, so a quota mute knows which answers to hold. */
  #sequence = 0;
  #queuedBytes = 0;
  readonly #maxQueuedBytes: number;
  #stopIdleTimer: Cancel | null = null;
  /** When the client last sent a frame or was written to; the idle timer checks it instead of being re-armed per frame. */
  #lastActiveAt: number;
  #writing = false;
  #closed = false;
  /** Resolves when the client is gone or the broker is shutting down: long waits end early. */
  readonly abandoned: Promise<void>;
  #abandon!: () => void;
  #idleWaiters: (() => void)[] = [];
  readonly #mute: ConnectionMute;

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly dispatcher: FrameDispatcher,
    private readonly limits: ConnectionLimits,
    private readonly resources: EngineResources,
    private readonly closeLog: CloseLog,
  ) {
    this.#decoder = new FrameDecoder({ maxFrameBytes: limits.maxFrameBytes, minFrameBytes: MIN_REQUEST_BYTES });
    this.#maxQueuedBytes = limits.maxQueuedBytes ?? limits.maxFrameBytes;
    this.abandoned = new Promise((resolve) => (this.#abandon = resolve));
    this.#mute = new ConnectionMute(resources.clock, () => this.#maybeResume());
    this.#lastActiveAt = resources.clock.now();
    if (limits.idleMs !== undefined) this.#armIdleTimer(limits.idleMs);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("drain", () => this.#maybeResume());
    socket.on("error", (error) => this.resources.logger.debug({ err: error, connection: id }, "connection error"));
    socket.on("close", () => {
      this.#stopIdleTimer?.();
      this.#closed = true;
      this.#mute.release();
      this.#abandon();
      this.#notifyIdle();
    });
  }

  get remoteAddress(): string {
    return `${this.socket.remoteAddress ?? "?"}:${this.socket.remotePort ?? "?"}`;
  }

  /** Ends the connection now (a gate acting on it, e.g. for a revoked login). */
  close(reason: string): void {
    this.#close(reason);
  }

  #onData(chunk: Buffer): void {
    // Before authentication a gate allows only small frames.
    this.#decoder.maxFrameBytes = this.dispatcher.maxFrameBytes?.() ?? this.limits.maxFrameBytes;
    const framed = this.#decoder.push(chunk);
    if (!framed.ok) {
      this.#close(framed.error.message);
      return;
    }
    for (const frame of framed.value) {
      this.#lastActiveAt = this.resources.clock.now();
      this.#queuedBytes += frame.byteLength;
      const sequence = this.#sequence++;
      const throttle = (ms: number) => {
        this.#mute.mute(ms, sequence);
        if (this.#mute.active) this.socket.pause();
      };
      const outcome = this.dispatcher.dispatch(frame, { connectionId: this.id, remoteAddress: this.remoteAddress, abandoned: this.abandoned, throttle });
      this.#queue.push({ outcome, bytes: frame.byteLength, sequence });
    }
    if (this.#overBudget()) this.socket.pause();
    void this.#drainQueue();
  }

  /** Too much received and unanswered; with nothing queued, a frame of any allowed size may still arrive whole. */
  #overBudget(): boolean {
    if (this.#queue.length === 0) return false;
    return this.#queue.length >= this.limits.maxInFlight || this.#queuedBytes + this.#decoder.bufferedBytes >= this.#maxQueuedBytes;
  }

  #armIdleTimer(ms: number): void {
    this.#stopIdleTimer = this.resources.clock.schedule(ms, () => this.#onIdle());
  }

  #onIdle(): void {
    const idleMs = this.limits.idleMs;
    if (this.#closed || idleMs === undefined) return;
    // A request in flight (a long-polling fetch) is the broker's wait, not the client's.
    if (this.#queue.length > 0) this.#lastActiveAt = this.resources.clock.now();
    const quietFor = this.resources.clock.now() - this.#lastActiveAt;
    if (quietFor < idleMs) {
      this.#armIdleTimer(idleMs - quietFor);
      return;
    }
    this.#close(`idle for ${idleMs} ms`);
  }

  async #drainQueue(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const next = this.#queue[0]!;
        const outcome = await next.outcome;
        const held = this.#mute.hold(next.sequence);
        if (held !== null) await held;
        if (this.#closed) return;
        this.#queuedBytes -= this.#queue.shift()!.bytes;
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
    this.#lastActiveAt = this.resources.clock.now();
    this.socket.cork();
    for (const chunk of chunks) this.socket.write(chunk);
    process.nextTick(() => this.socket.uncork());
    // A client that does not read its answers stops being read from.
    if (this.socket.writableNeedDrain) this.socket.pause();
  }

  #maybeResume(): void {
    if (this.#closed || !this.socket.isPaused() || this.#mute.active) return;
    if (!this.#overBudget() && !this.socket.writableNeedDrain) this.socket.resume();
  }

  #close(reason: string, when: "now" | "after-write" = "now"): void {
    if (this.#closed) return;
    this.closeLog.closed({ connection: this.id, remote: this.remoteAddress, reason });
    this.#closed = true;
    // end() flushes what was written (uncorking it) before the FIN; destroy() drops it.
    if (when === "after-write") this.socket.end();
    else this.socket.destroy();
  }

  /** Ends the connection once every request already received has been answered. */
  async shutdown(): Promise<void> {
    this.#abandon();
    // Held answers go out now: a quota wait must not hold up the broker's shutdown.
    this.#mute.release();
    if (this.#queue.length > 0 && !this.#closed) {
      await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    }
    this.socket.end();
  }
}
