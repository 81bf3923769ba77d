import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { AuthorizationError, connect, type NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "pino";
import { PermanentError } from "../../kit/errors.js";
import { errorText } from "../error-text.js";
import type { NatsConnectionSettings } from "./nats-connection-config.js";

/**
 * A NATS connection with JetStream, which reconnects by itself for as long as it lives. While it is
 * reconnecting, operations fail at once (retriable) instead of waiting out their timeouts.
 */
export class NatsLink {
  #connected = true;
  #closed = false;

  private constructor(
    readonly connection: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    logger: Logger,
  ) {
    void (async () => {
      for await (const status of connection.status()) {
        if (status.type === "disconnect") {
          this.#connected = false;
          logger.warn({ server: status.server }, "disconnected from NATS; reconnecting");
        } else if (status.type === "reconnect") {
          this.#connected = true;
          logger.info({ server: status.server }, "reconnected to NATS");
        }
      }
    })();
  }

  /** Connects; refused credentials are a PermanentError, an unreachable server a retriable one. */
  static async open(settings: NatsConnectionSettings, name: string, logger: Logger): Promise<NatsLink> {
    let connection: NatsConnection;
    try {
      connection = await connect({
        servers: [...settings.servers],
        name: `freshet-${name}`,
        ...(settings.user === undefined ? {} : { user: settings.user, pass: settings.password }),
        ...(settings.token === undefined ? {} : { token: settings.token }),
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        timeout: 10_000,
      });
    } catch (error) {
      if (error instanceof AuthorizationError) throw new PermanentError(`NATS refused the credentials (config.user and config.password, or config.token): ${errorText(error)}.`, { cause: error });
      throw new Error(`cannot connect to NATS at ${settings.servers.join(", ")}: ${errorText(error)}`, { cause: error });
    }
    try {
      return new NatsLink(connection, jetstream(connection), await jetstreamManager(connection), logger);
    } catch (error) {
      await connection.close();
      throw new PermanentError(`the NATS server at ${settings.servers.join(", ")} does not have JetStream enabled: ${errorText(error)}.`, { cause: error });
    }
  }

  get connected(): boolean {
    return this.#connected && !this.#closed;
  }

  /** Throws a retriable error while the connection is down. */
  assertConnected(): void {
    if (this.#closed) throw new Error("the NATS connection is closed");
    if (!this.#connected) throw new Error("NATS is unreachable; the client is reconnecting");
  }

  /**
   * Waits until the server has everything sent so far (acks are fire-and-forget). A flush on a
   * connection that dropped unnoticed would wait for the reconnect; it gives up after `timeoutMs`.
   */
  async flush(timeoutMs = 5_000): Promise<void> {
    this.assertConnected();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("NATS did not confirm the acknowledgements in time")), timeoutMs);
    });
    try {
      await Promise.race([this.connection.flush(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection; safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.connection.close();
  }
}
