import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { isListening } from "./services.js";

/**
 * A private nats-server that wants a user and password, on a free loopback port: the shared one
 * takes anyone, so "wrong password" needs its own server (the shared one is never reconfigured).
 */
export class NatsAuthServer {
  private constructor(
    readonly port: number,
    private readonly process: ChildProcess,
  ) {}

  static async start(user: string, password: string): Promise<NatsAuthServer> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const child = spawn("/usr/sbin/nats-server", ["-a", "127.0.0.1", "-p", port.toString(), "--user", user, "--pass", password], { stdio: "ignore" });
    const server = new NatsAuthServer(port, child);
    const deadline = Date.now() + 20_000;
    while (!(await isListening("127.0.0.1", port))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await server.stop();
        throw new Error(`nats-server did not listen on port ${port.toString()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port.toString()}`;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    this.process.kill("SIGTERM");
    await exited;
  }
}
