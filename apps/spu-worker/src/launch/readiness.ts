import { setTimeout as sleep } from "node:timers/promises";
import { isAlive, type ProcessIdentity } from "./identity.js";
import { readRuntimeFile, type RuntimeInfo } from "./runtime-file.js";

const POLL_MS = 25;

export interface ReadyWait {
  readonly dataDir: string;
  readonly identity: ProcessIdentity;
  readonly timeoutMs: number;
  /** Why the launcher saw it end, when it did (spawn.ts's exitReason); identity decides otherwise. */
  readonly exitReason?: () => string | null;
  readonly signal?: AbortSignal;
}

/**
 * Polls until the process `identity` wrote its runtime file (it listens then); an older
 * file is a previous run's. Fails with a sentence once it exits or the deadline passes.
 */
export async function waitUntilListening(wait: ReadyWait): Promise<{ readonly ok: true; readonly info: RuntimeInfo } | { readonly ok: false; readonly reason: string }> {
  const deadline = Date.now() + wait.timeoutMs;
  const who = `process ${wait.identity.pid} (${wait.dataDir})`;
  for (;;) {
    wait.signal?.throwIfAborted();
    const read = await readRuntimeFile(wait.dataDir);
    if (read.ok && read.info.pid === wait.identity.pid) return read;
    // A launcher that spawned the process learns its exit code from the exit event, which can come a
    // moment after the process is gone from /proc: wait for that rather than answer "it is gone".
    const exit = wait.exitReason !== undefined ? wait.exitReason() : isAlive(wait.identity) ? null : "it is gone";
    if (exit !== null) return { ok: false, reason: `${who} exited before listening (${exit})` };
    if (Date.now() > deadline) {
      const last = read.ok ? `${read.info.pid} wrote the runtime file` : read.reason;
      return { ok: false, reason: `${who} did not listen within ${wait.timeoutMs} ms (${last})` };
    }
    await sleep(POLL_MS);
  }
}
