import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { listening } from "@freshet/local-cloud/internal/ports";

const run = promisify(execFile);

async function waitReachable(port: number, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await listening(port))) {
    if (Date.now() > deadline) throw new Error(`${what} is not reachable on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Postgres and Redis as .ci/run starts them: started if they are down, then awaited. */
export async function ensureServices(): Promise<void> {
  if (!(await listening(5432))) {
    const { stdout } = await run("ls", ["/etc/postgresql"]);
    await run("pg_ctlcluster", ["--skip-systemctl-redirect", stdout.trim(), "main", "start"]);
  }
  if (!(await listening(6379))) {
    await run("redis-server", [
      "--daemonize",
      "yes",
      "--bind",
      "127.0.0.1",
      "-::1",
      "--port",
      "6379",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      "/var/lib/redis",
      "--logfile",
      "/var/log/redis/ci.log",
    ]);
  }
  await waitReachable(5432, "PostgreSQL");
  await waitReachable(6379, "Redis");
}
