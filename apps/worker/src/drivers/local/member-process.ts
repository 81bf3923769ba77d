import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { MemberPaths } from "./cluster-layout.js";
import { identityOf, isAlive, type ProcessIdentity } from "./process-identity.js";

const POLL_MS = 50;

/**
 * Starts `node <entry> <args>` detached (its own session, output appended to its log), so
 * tenant clusters outlive the worker that started them: a restarted worker adopts them.
 */
export async function spawnMember(entry: string, paths: MemberPaths, args: readonly string[]): Promise<ProcessIdentity> {
  await mkdir(dirname(paths.logFile), { recursive: true });
  await mkdir(paths.dataDir, { recursive: true });
  const log = openSync(paths.logFile, "a");
  let pid: number | undefined;
  try {
    const child = spawn(process.execPath, [entry, "--data-dir", paths.dataDir, ...args], { detached: true, stdio: ["ignore", log, log] });
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(log);
  }
  // Read at once: between fork and exec the pid and start time are already the child's.
  const identity = pid === undefined ? null : await identityOf(pid);
  if (identity === null) throw new Error(`${entry} exited at once:\n${await logTail(paths.logFile)}`);
  return identity;
}

const runtimeFileSchema = z.object({ pid: z.number().int(), port: z.number().int() });

/** The port in `<dataDir>/spu.json` once the process `identity` wrote it (an older file may be a dead run's). */
export async function listeningPort(dataDir: string, identity: ProcessIdentity): Promise<number | null> {
  try {
    const parsed = runtimeFileSchema.safeParse(JSON.parse(await readFile(join(dataDir, "spu.json"), "utf8")));
    return parsed.success && parsed.data.pid === identity.pid ? parsed.data.port : null;
  } catch {
    // Not written yet, or caught between the engine's write and rename.
    return null;
  }
}

/** Polls until the process wrote spu.json; fails as soon as it exits, with its last output. */
export async function waitForListening(paths: MemberPaths, identity: ProcessIdentity, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const port = await listeningPort(paths.dataDir, identity);
    if (port !== null) return port;
    if (!(await isAlive(identity))) throw new Error(`process ${identity.pid} (${paths.dataDir}) exited before listening:\n${await logTail(paths.logFile)}`);
    if (Date.now() > deadline) throw new Error(`process ${identity.pid} (${paths.dataDir}) did not listen within ${timeoutMs} ms:\n${await logTail(paths.logFile)}`);
    await sleep(POLL_MS);
  }
}

/** SIGTERM, then SIGKILL if it is still there after `timeoutMs`; resolves once it is gone. */
export async function stopProcess(identity: ProcessIdentity, timeoutMs: number): Promise<"stopped" | "killed" | "gone"> {
  if (!(await isAlive(identity))) return "gone";
  signalProcess(identity.pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isAlive(identity))) return "stopped";
    await sleep(POLL_MS);
  }
  if (!(await isAlive(identity))) return "stopped";
  signalProcess(identity.pid, "SIGKILL");
  while (await isAlive(identity)) await sleep(POLL_MS);
  return "killed";
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (cause) {
    // It exited between the check and the signal.
    if ((cause as NodeJS.ErrnoException).code !== "ESRCH") throw cause;
  }
}

export async function logTail(path: string, lines = 20): Promise<string> {
  const text = await readFile(path, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
