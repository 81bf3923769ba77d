import { createServer, type Server, type Socket } from "node:net";
import type { SecureContext } from "node:tls";
import type { EngineResources } from "../system/resources.js";
import { CloseLog } from "./close-log.js";
import { Connection, type ConnectionHandle, type ConnectionLimits } from "./connection.js";
import { ConnectionAdmission, type ConnectionCaps } from "./connection-admission.js";
import type { Dispatcher, FrameDispatcher } from "./dispatcher.js";
import { LARGEST_FRAME_WITH_TLS, sniffTls, type AcceptedStream } from "./tls-sniff.js";

/** Wraps the dispatcher for one connection (per-connection admission, e.g. SASL). */
export type ConnectionGate = (dispatcher: Dispatcher, connectionId: number, connection: ConnectionHandle) => FrameDispatcher;

export interface ListenerOptions {
  /** Without caps a listener takes every connection (the controller's, reached only by its cluster). */
  readonly caps?: ConnectionCaps;
  /** With a context, clients may also speak TLS on the same port. */
  readonly tls?: SecureContext;
}

/** How long a client that never sends a byte keeps its slot when no idle limit is set. */
const FIRST_BYTE_TIMEOUT_MS = 60_000;

/**
 * The TCP listener speaking the Kafka protocol; owns the live connections. It can
 * bind before it serves (an SPU must know its port to register with the
 * controller): connections accepted meanwhile wait, paused, for `serve`.
 */
export class KafkaServer {
  readonly #server: Server;
  readonly #connections = new Set<Connection>();
  readonly #waiting = new Set<Socket>();
  /** Sockets whose first byte (TLS or not) has not arrived yet. */
  readonly #sniffing = new Set<Socket>();
  readonly #admission: ConnectionAdmission | null;
  readonly #closeLog: CloseLog;
  #dispatcher: Dispatcher | null = null;
  #gate: ConnectionGate | null = null;
  #nextConnectionId = 1;
  #opened = 0;

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly resources: EngineResources,
    private readonly options: ListenerOptions = {},
  ) {
    if (options.tls !== undefined && limits.maxFrameBytes > LARGEST_FRAME_WITH_TLS) {
      throw new Error(`with TLS the largest request frame is ${LARGEST_FRAME_WITH_TLS} bytes (asked for ${limits.maxFrameBytes})`);
    }
    this.#admission = options.caps === undefined ? null : new ConnectionAdmission(options.caps);
    this.#closeLog = new CloseLog(resources.logger, resources.clock);
    this.#server = createServer({ pauseOnConnect: true }, (socket) => this.#onSocket(socket));
  }

  #onSocket(socket: Socket): void {
    const host = socket.remoteAddress ?? "?";
    const admitted = this.#admission?.admit(host) ?? { ok: true, release: () => {} };
    if (!admitted.ok) {
      this.#closeLog.closed({ connection: 0, remote: `${host}:${socket.remotePort ?? "?"}`, reason: `refused: ${admitted.reason}` });
      socket.destroy();
      return;
    }
    socket.once("close", () => admitted.release());
    if (this.#dispatcher === null) {
      this.#waiting.add(socket);
      socket.once("close", () => this.#waiting.delete(socket));
      return;
    }
    void this.#accept(socket, this.#dispatcher);
  }

  async #accept(socket: Socket, dispatcher: Dispatcher): Promise<void> {
    const tls = this.options.tls;
    let stream: AcceptedStream | null = { socket, encrypted: false };
    if (tls !== undefined) {
      this.#sniffing.add(socket);
      stream = await sniffTls(socket, tls, this.limits.idleMs ?? FIRST_BYTE_TIMEOUT_MS, this.resources.clock);
      this.#sniffing.delete(socket);
    }
    if (stream === null || socket.destroyed) return;
    const id = this.#nextConnectionId++;
    let connection: Connection | null = null;
    const handle: ConnectionHandle = {
      id,
      remoteAddress: `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`,
      remoteHost: socket.remoteAddress ?? "?",
      encrypted: stream.encrypted,
      close: (reason) => connection?.close(reason),
    };
    const frames = this.#gate === null ? dispatcher : this.#gate(dispatcher, id, handle);
    connection = new Connection(stream.socket, id, frames, this.limits, this.resources, this.#closeLog);
    const live = connection;
    this.#connections.add(live);
    this.#opened += 1;
    stream.socket.on("close", () => this.#connections.delete(live));
    // Closing the TLS layer must also free the TCP socket (and its admission slot).
    if (stream.socket !== socket) stream.socket.once("close", () => socket.destroy());
    stream.socket.resume();
  }

  /**
   * Starts answering requests, including those of connections that arrived early;
   * with a gate, every connection's requests pass through its own gate first.
   */
  serve(dispatcher: Dispatcher, gate?: ConnectionGate): void {
    this.#gate = gate ?? null;
    this.#dispatcher = dispatcher;
    for (const socket of this.#waiting) void this.#accept(socket, dispatcher);
    this.#waiting.clear();
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => {
        this.#server.off("error", reject);
        const address = this.#server.address();
        if (address === null || typeof address === "string") return reject(new Error("server has no TCP address"));
        this.resources.logger.info({ host: address.address, port: address.port, tls: this.options.tls !== undefined }, "kafka listener ready");
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Connections served since the listener started (refused ones and TLS handshakes that failed are not). */
  get connectionsOpened(): number {
    return this.#opened;
  }

  /** Stops accepting, lets every connection finish the requests it already sent, then closes. */
  async close(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // Nothing was asked on these yet: nothing to answer before closing.
    for (const socket of [...this.#waiting, ...this.#sniffing]) socket.destroy();
    await Promise.allSettled([...this.#connections].map((c) => c.shutdown()));
    this.#closeLog.close();
    await stopped;
  }
}
