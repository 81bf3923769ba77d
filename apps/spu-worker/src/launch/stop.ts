import { setTimeout as sleep } from "node:timers/promises";
import { isAlive, type ProcessIdentity } from "./identity.js";

const POLL_MS = 25;

/** Signals `identity`'s pid; one that already exited is what the signal was for. */
export function signalProcess(identity: ProcessIdentity, signal: "SIGTERM" | "SIGKILL"): void {
  // A reused pid belongs to someone else: never signal it.
  if (!isAlive(identity)) return;
  try {
    process.kill(identity.pid, signal);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "ESRCH") throw cause;
  }
}

/** Resolves true once the process is gone, false if it still runs after `timeoutMs`. */
export async function waitForExit(identity: ProcessIdentity, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(identity)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

/**
 * SIGTERM (the worker finishes in-flight writes and removes its runtime file), then SIGKILL
 * if it is still there after `graceMs`; resolves once it is gone.
 */
export async function stopProcess(identity: ProcessIdentity, graceMs: number): Promise<"stopped" | "killed" | "gone"> {
  if (!isAlive(identity)) return "gone";
  signalProcess(identity, "SIGTERM");
  if (await waitForExit(identity, graceMs)) return "stopped";
  signalProcess(identity, "SIGKILL");
  // After SIGKILL the kernel ends it at once; this only waits for it to be reaped.
  await waitForExit(identity, Number.POSITIVE_INFINITY);
  return "killed";
}
