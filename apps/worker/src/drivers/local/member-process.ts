import { readFile } from "node:fs/promises";
import { spawnEngine, waitUntilListening, type EngineArgs, type ProcessIdentity } from "@freshet/spu-worker/launch";
import type { MemberPaths } from "./cluster-layout.js";

/**
 * Starts the engine detached (its own session, output appended to its log), so tenant
 * clusters outlive the worker that started them: a restarted worker adopts them.
 */
export async function spawnMember(entry: string, paths: MemberPaths, args: Omit<EngineArgs, "dataDir">): Promise<ProcessIdentity> {
  const spawned = await spawnEngine({ entry, args: { ...args, dataDir: paths.dataDir }, output: { logFile: paths.logFile }, detached: true });
  if (!spawned.ok) throw new Error(`${spawned.reason}:\n${await logTail(paths.logFile)}`);
  return spawned.process.identity;
}

/** Waits until the process wrote spu.json and returns its ports; fails as soon as it exits, with its last output. */
export async function waitForListening(
  paths: MemberPaths,
  identity: ProcessIdentity,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ readonly port: number; readonly metricsPort: number | undefined }> {
  const ready = await waitUntilListening({ dataDir: paths.dataDir, identity, timeoutMs, ...(signal === undefined ? {} : { signal }) });
  if (!ready.ok) throw new Error(`${ready.reason}:\n${await logTail(paths.logFile)}`);
  return { port: ready.info.port, metricsPort: ready.info.metricsPort };
}

export async function logTail(path: string, lines = 20): Promise<string> {
  const text = await readFile(path, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
