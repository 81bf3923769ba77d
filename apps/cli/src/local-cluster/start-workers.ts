import { UserError } from "../errors/user-error.js";
import type { LaunchedWorker, ProcessHost } from "./process-host.js";
import { logPath, type SpuRuntime } from "./spu-runtime.js";
import { workerLabel, workerLogName, type WorkerSpec } from "./worker-spec.js";

export const POLL_MS = 100;
export const PROGRESS_EVERY_MS = 2_000;

export interface WaitOptions {
  /** How long to wait for every worker's spu.json. */
  readonly readyTimeoutMs: number;
  /** Where "still waiting" lines go (stderr). */
  readonly progress: (line: string) => Promise<void>;
}

function joinLabels(specs: readonly WorkerSpec[]): string {
  return specs.map(workerLabel).join(", ");
}

/**
 * Launches `specs` together and waits until each has written its spu.json (it
 * listens then). If one exits or the deadline passes, the ones not ready yet are
 * ended and the error names the failure and its log; ready ones keep running.
 * Returns the runtimes in the order of `specs`.
 */
export async function startWorkers(host: ProcessHost, specs: readonly WorkerSpec[], options: WaitOptions): Promise<SpuRuntime[]> {
  const launched: LaunchedWorker[] = [];
  for (const spec of specs) launched.push(await host.launch(spec));
  const ready: Array<SpuRuntime | null> = specs.map(() => null);
  const started = host.now();
  let lastProgress = started;
  const endPending = (): void => {
    for (const [i, worker] of launched.entries()) if (ready[i] === null && worker.exitReason() === null) worker.kill();
  };
  for (;;) {
    for (const [i, spec] of specs.entries()) {
      if (ready[i] !== null) continue;
      const runtime = await host.readRuntime(spec.dataDir);
      if (runtime !== null && runtime.pid === launched[i]!.pid) {
        ready[i] = runtime;
        continue;
      }
      const exit = launched[i]!.exitReason();
      if (exit !== null) {
        endPending();
        const log = logPath(spec.dataDir, workerLogName(spec));
        const tail = await host.logTail(spec.dataDir, workerLogName(spec));
        throw new UserError(`${workerLabel(spec)} stopped before it was ready (${exit})${tail ? `; last lines of ${log}:\n${tail}` : ""}`);
      }
    }
    const waiting = specs.filter((_, i) => ready[i] === null);
    if (waiting.length === 0) return ready as SpuRuntime[];
    const now = host.now();
    if (now - started > options.readyTimeoutMs) {
      endPending();
      const logs = waiting.map((spec) => logPath(spec.dataDir, workerLogName(spec))).join(", ");
      throw new UserError(`${joinLabels(waiting)} did not become ready within ${Math.round(options.readyTimeoutMs / 1000)} s; see ${logs}`);
    }
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      await options.progress(`waiting for ${joinLabels(waiting)} to start (${Math.round((now - started) / 1000)} s)…\n`);
    }
    await host.sleep(POLL_MS);
  }
}
