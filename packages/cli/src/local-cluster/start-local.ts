import { spawn } from "node:child_process";
import { mkdir, open, rm } from "node:fs/promises";
import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import { portInUse } from "./port-check.js";
import { logPath, logTail, readRuntime, runningSpu, runtimePath, type SpuRuntime } from "./spu-runtime.js";
import { resolveWorkerPath } from "./worker-path.js";

export interface StartLocalOptions {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** How long to wait for the worker's spu.json. */
  readonly readyTimeoutMs: number;
}

export type StartOutcome = { readonly kind: "started" | "already-running"; readonly runtime: SpuRuntime };

const POLL_MS = 100;
const PROGRESS_EVERY_MS = 2_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Spawns the SPU worker detached (it outlives this command), logging to
 * <data-dir>/spu.log, and waits until it has written <data-dir>/spu.json.
 */
export async function startLocalCluster(context: CliContext, options: StartLocalOptions): Promise<StartOutcome> {
  const { dataDir, host, port } = options;
  const running = await runningSpu(dataDir);
  if (running !== null) return { kind: "already-running", runtime: running };
  if (port !== 0 && (await portInUse(host, port))) {
    throw new UserError(`port ${port} on ${host} is already in use — stop what uses it or pick another with --port`);
  }
  const worker = await resolveWorkerPath(context.env.workerPath);
  await mkdir(dataDir, { recursive: true });
  await rm(runtimePath(dataDir), { force: true });
  const log = await open(logPath(dataDir), "a");
  const child = spawn(process.execPath, [worker, "--data-dir", dataDir, "--host", host, "--port", String(port)], {
    detached: true,
    stdio: ["ignore", log.fd, log.fd],
  });
  await log.close();
  let exit: string | null = null;
  child.once("exit", (code, signal) => {
    exit = signal === null ? `exit code ${code}` : `signal ${signal}`;
  });
  child.once("error", (error) => {
    exit = error.message;
  });
  child.unref();

  const started = context.now();
  let lastProgress = started;
  for (;;) {
    const runtime = await readRuntime(dataDir);
    if (runtime !== null && runtime.pid === child.pid) return { kind: "started", runtime };
    if (exit !== null) {
      const tail = await logTail(dataDir);
      throw new UserError(`the SPU stopped before it was ready (${exit})${tail ? `; last lines of ${logPath(dataDir)}:\n${tail}` : ""}`);
    }
    const now = context.now();
    if (now - started > options.readyTimeoutMs) {
      child.kill("SIGTERM");
      throw new UserError(`the SPU did not become ready within ${Math.round(options.readyTimeoutMs / 1000)} s; see ${logPath(dataDir)}`);
    }
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      await context.stderr.write(`waiting for the SPU to start (${Math.round((now - started) / 1000)} s)…\n`);
    }
    await delay(POLL_MS);
  }
}
