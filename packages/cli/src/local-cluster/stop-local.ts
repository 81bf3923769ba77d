import { rm } from "node:fs/promises";
import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import { isAlive, runningSpu, runtimePath } from "./spu-runtime.js";

const POLL_MS = 100;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForExit(pid: number, timeoutMs: number, now: () => number): Promise<boolean> {
  const deadline = now() + timeoutMs;
  while (isAlive(pid)) {
    if (now() > deadline) return false;
    await delay(POLL_MS);
  }
  return true;
}

/**
 * SIGTERM (the worker finishes in-flight writes and removes spu.json), then
 * SIGKILL if it is still alive after `graceMs`.
 */
export async function stopLocalCluster(context: CliContext, dataDir: string, graceMs: number): Promise<{ pid: number; forced: boolean }> {
  const runtime = await runningSpu(dataDir);
  if (runtime === null) throw new UserError(`no Freshet cluster is running (data dir ${dataDir})`);
  process.kill(runtime.pid, "SIGTERM");
  if (await waitForExit(runtime.pid, graceMs, context.now)) return { pid: runtime.pid, forced: false };
  await context.stderr.write(`the SPU did not stop within ${Math.round(graceMs / 1000)} s; killing it\n`);
  process.kill(runtime.pid, "SIGKILL");
  await waitForExit(runtime.pid, 5_000, context.now);
  await rm(runtimePath(dataDir), { force: true });
  return { pid: runtime.pid, forced: true };
}
