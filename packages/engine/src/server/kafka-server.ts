import { createServer, type Server } from "node:net";
import type { Logger } from "pino";
import { Connection, type ConnectionLimits } from "./connection.js";
import type { Dispatcher } from "./dispatcher.js";

/** The TCP listener speaking the Kafka protocol; owns the live connections. */
export class KafkaServer {
  readonly #server: Server;
  readonly #connections = new Set<Connection>();
  #nextConnectionId = 1;

  constructor(
    dispatcher: Dispatcher,
    limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {
    this.#server = createServer((socket) => {
      const connection = new Connection(socket, this.#nextConnectionId++, dispatcher, limits, logger);
      this.#connections.add(connection);
      socket.on("close", () => this.#connections.delete(connection));
    });
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
    await Promise.allSettled([...this.#connections].map((c) => c.shutdown()));
    await stopped;
  }
}
