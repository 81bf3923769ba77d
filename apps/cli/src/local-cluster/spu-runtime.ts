import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { commandLineOf, pidRunning, readRuntimeFile, runtimeFilePath, type RuntimeInfo } from "@freshet/spu-worker/launch";

/** `<data-dir>/spu.json`, written by a worker once it listens and removed when it stops. */
export type SpuRuntime = RuntimeInfo;

/** The worker's log: spu.log (standalone broker, SPU) or sc.log (controller). */
export function logPath(dataDir: string, name = "spu.log"): string {
  return join(dataDir, name);
}

/** The runtime file, or null when absent or unreadable (a worker mid-write or one that crashed). */
export async function readRuntime(dataDir: string): Promise<SpuRuntime | null> {
  const read = await readRuntimeFile(dataDir);
  return read.ok ? read.info : null;
}

/**
 * Whether `pid` is still the worker of `dataDir`. A pid in a stale spu.json may have
 * been reused by an unrelated process, which must never get our SIGTERM; where
 * /proc exists we check the command line names the data directory.
 */
export async function isSpuProcess(pid: number, dataDir: string): Promise<boolean> {
  if (!pidRunning(pid)) return false;
  const commandLine = await commandLineOf(pid);
  return commandLine.length === 0 || commandLine.includes(dataDir);
}

/** The live worker of `dataDir`, clearing a stale runtime file left by a crash. */
export async function runningSpu(dataDir: string): Promise<SpuRuntime | null> {
  const runtime = await readRuntime(dataDir);
  if (runtime === null) return null;
  if (await isSpuProcess(runtime.pid, dataDir)) return runtime;
  await rm(runtimeFilePath(dataDir), { force: true });
  return null;
}

/** The last lines of the worker's log, to show why it failed to start. */
export async function logTail(dataDir: string, lines = 10, name = "spu.log"): Promise<string> {
  try {
    const text = await readFile(logPath(dataDir, name), "utf8");
    return text.trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
