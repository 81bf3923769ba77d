import type { ProcessHost } from "./process-host.js";
import { POLL_MS } from "./start-workers.js";

export interface StopTarget {
  /** How messages name it: "the SC", "SPU 2". */
  readonly label: string;
  readonly dataDir: string;
  readonly pid: number;
}

export interface Stopped {
  readonly label: string;
  readonly pid: number;
  /** It ignored SIGTERM past the grace period and was killed. */
  readonly forced: boolean;
}

/** After SIGKILL the kernel ends the process at once; this only covers reaping. */
const KILL_WAIT_MS = 5_000;

async function waitForExits(host: ProcessHost, pids: readonly number[], timeoutMs: number): Promise<Set<number>> {
  const deadline = host.now() + timeoutMs;
  for (;;) {
    const alive = new Set(pids.filter((pid) => host.isAlive(pid)));
    if (alive.size === 0 || host.now() > deadline) return alive;
    await host.sleep(POLL_MS);
  }
}

/**
 * SIGTERM to every target at once (each finishes in-flight writes and removes its
 * spu.json), then SIGKILL for those still alive after `graceMs`, whose runtime
 * files are removed for them.
 */
export async function stopWorkers(host: ProcessHost, targets: readonly StopTarget[], graceMs: number, warn: (line: string) => Promise<void>): Promise<Stopped[]> {
  for (const target of targets) host.signal(target.pid, "SIGTERM");
  const stubborn = await waitForExits(
    host,
    targets.map((t) => t.pid),
    graceMs,
  );
  for (const target of targets) {
    if (!stubborn.has(target.pid)) continue;
    await warn(`${target.label} did not stop within ${Math.round(graceMs / 1000)} s; killing it\n`);
    host.signal(target.pid, "SIGKILL");
  }
  if (stubborn.size > 0) await waitForExits(host, [...stubborn], KILL_WAIT_MS);
  for (const target of targets) if (stubborn.has(target.pid)) await host.clearRuntime(target.dataDir);
  return targets.map((t) => ({ label: t.label, pid: t.pid, forced: stubborn.has(t.pid) }));
}
