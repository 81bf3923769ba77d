import { createServer, type Server, type Socket } from "node:net";
import type { Logger } from "pino";
import { Connection, type ConnectionLimits } from "./connection.js";
import type { Dispatcher, FrameDispatcher } from "./dispatcher.js";

/** Wraps the dispatcher for one connection (per-connection admission, e.g. SASL). */
export type ConnectionGate = (dispatcher: Dispatcher, connectionId: number) => FrameDispatcher;

/**
 * The TCP listener speaking the Kafka protocol; owns the live connections. It can
 * bind before it serves (an SPU must know its port to register with the
 * controller): connections accepted meanwhile wait, paused, for `serve`.
 */
export class KafkaServer {
  readonly #server: Server;
  readonly #connections = new Set<Connection>();
  readonly #waiting = new Set<Socket>();
  #dispatcher: Dispatcher | null = null;
  #gate: ConnectionGate | null = null;
  #nextConnectionId = 1;

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {
    this.#server = createServer({ pauseOnConnect: true }, (socket) => {
      if (this.#dispatcher === null) {
        this.#waiting.add(socket);
        socket.once("close", () => this.#waiting.delete(socket));
        return;
      }
      this.#accept(socket, this.#dispatcher);
    });
  }

  #accept(socket: Socket, dispatcher: Dispatcher): void {
    const id = this.#nextConnectionId++;
    const frames = this.#gate === null ? dispatcher : this.#gate(dispatcher, id);
    const connection = new Connection(socket, id, frames, this.limits, this.logger);
    this.#connections.add(connection);
    socket.on("close", () => this.#connections.delete(connection));
    socket.resume();
  }

  /**
   * Starts answering requests, including those of connections that arrived early;
   * with a gate, every connection's requests pass through its own gate first.
   */
  serve(dispatcher: Dispatcher, gate?: ConnectionGate): void {
    this.#gate = gate ?? null;
    this.#dispatcher = dispatcher;
    for (const socket of this.#waiting) this.#accept(socket, dispatcher);
    this.#waiting.clear();
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => {
        this.#server.off("error", reject);
        const address = this.#server.address();
        if (address === null || typeof address === "string") return reject(new Error("server has no TCP address"));
        this.logger.info({ host: address.address, port: address.port }, "kafka listener ready");
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Stops accepting, lets every connection finish the requests it already sent, then closes. */
  async close(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#waiting) socket.destroy();
    await Promise.allSettled([...this.#connections].map((c) => c.shutdown()));
    await stopped;
  }
}
