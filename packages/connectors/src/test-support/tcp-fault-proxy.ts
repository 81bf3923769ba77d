import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of a real service (Mosquitto, NATS, PostgreSQL) that a test can take down
 * and bring back on the same port: "the target is unavailable" without stopping a service other
 * tests share. Down: every open connection is cut and new ones are refused.
 */
export class TcpFaultProxy {
  readonly #sockets = new Set<Socket>();
  #server: Server | null = null;

  private constructor(
    readonly port: number,
    private readonly target: { readonly host: string; readonly port: number },
  ) {}

  /** Listens on a free loopback port, forwarding to `target`. */
  static async start(target: { host: string; port: number }): Promise<TcpFaultProxy> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const proxy = new TcpFaultProxy(port, target);
    await proxy.up();
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${this.port.toString()}`;
  }

  /** Accepts and forwards connections again (no-op when up). */
  async up(): Promise<void> {
    if (this.#server !== null) return;
    const server = createServer((client) => this.#forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.#server = server;
  }

  /** Cuts every connection and refuses new ones until `up`. */
  async down(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #forward(client: Socket): void {
    const upstream = createConnection(this.target);
    this.#sockets.add(client).add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
