import { readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** `<data-dir>/spu.json`, written by a worker once it listens and removed when it stops. */
const runtimeSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  nodeId: z.number().int(),
  startedAt: z.string(),
});

export type SpuRuntime = z.infer<typeof runtimeSchema>;

export function runtimePath(dataDir: string): string {
  return join(dataDir, "spu.json");
}

/** The worker's log: spu.log (standalone broker, SPU) or sc.log (controller). */
export function logPath(dataDir: string, name = "spu.log"): string {
  return join(dataDir, name);
}

/** The runtime file, or null when absent or unreadable (a worker mid-write or one that crashed). */
export async function readRuntime(dataDir: string): Promise<SpuRuntime | null> {
  try {
    const parsed = runtimeSchema.safeParse(JSON.parse(await readFile(runtimePath(dataDir), "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Whether `pid` still runs. A worker that exited after its starting CLI is gone is a
 * zombie until the machine's init reaps it, which can take seconds; signal 0 still
 * reaches a zombie, so /proc's process state decides where it exists.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state letter follows the parenthesised command name, which may itself contain spaces.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/**
 * Whether `pid` is still the worker of `dataDir`. A pid in a stale spu.json may have
 * been reused by an unrelated process, which must never get our SIGTERM; where
 * /proc exists we check the command line names the data directory.
 */
export async function isSpuProcess(pid: number, dataDir: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.split("\0").includes(dataDir);
  } catch {
    return true;
  }
}

/** The live worker of `dataDir`, clearing a stale runtime file left by a crash. */
export async function runningSpu(dataDir: string): Promise<SpuRuntime | null> {
  const runtime = await readRuntime(dataDir);
  if (runtime === null) return null;
  if (await isSpuProcess(runtime.pid, dataDir)) return runtime;
  await rm(runtimePath(dataDir), { force: true });
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
