import { execFile } from "node:child_process";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** A service the machine runs for us, with the command that starts it when it is down (as .ci/run does for Redis). */
export interface LocalService {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly start: readonly [command: string, ...args: string[]];
}

export const REDIS: LocalService = {
  name: "redis",
  host: "127.0.0.1",
  port: 6379,
  start: [
    "redis-server",
    ...["--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "", "--appendonly", "no"],
    ...["--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"],
  ],
};

export const NATS: LocalService = {
  name: "nats-server",
  host: "127.0.0.1",
  port: 4222,
  start: [
    "start-stop-daemon",
    ...["--start", "--oknodo", "--background", "--exec", "/usr/sbin/nats-server", "--"],
    ...["-a", "127.0.0.1", "-p", "4222", "-js", "-sd", "/var/lib/nats-server", "-l", "/var/log/nats-server.log"],
  ],
};

function portAccepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (accepted: boolean): void => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000 }, () => resolve());
  });
}

/**
 * Starts the service when nothing listens on its port, then waits up to 10 s
 * for the port. Never throws: if the service stays down, the driver's own
 * connect reports it unavailable with the connection error.
 */
export async function ensureService(service: LocalService): Promise<void> {
  if (await portAccepts(service.host, service.port, 1000)) return;
  const [command, ...args] = service.start;
  process.stderr.write(`${service.name} is not listening on ${service.host}:${service.port}; starting it\n`);
  await run(command, args);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await portAccepts(service.host, service.port, 500)) return;
    await sleep(100);
  }
}
