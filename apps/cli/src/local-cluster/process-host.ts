import { rm } from "node:fs/promises";
import { pidRunning, runtimeFilePath, spawnEngine } from "@freshet/spu-worker/launch";
import { portInUse } from "./port-check.js";
import { logPath, logTail, readRuntime, runningSpu, type SpuRuntime } from "./spu-runtime.js";
import { workerArgs, workerLogName, type WorkerSpec } from "./worker-spec.js";
import { resolveWorkerPath } from "./worker-path.js";

export interface LaunchedWorker {
  readonly pid: number;
  /** Why the process ended ("exit code 1", "signal SIGKILL"), or null while it runs. */
  exitReason(): string | null;
  /** Ends a worker that did not become ready in time. */
  kill(): void;
}

/**
 * Everything local-cluster orchestration does to the machine: processes, their
 * runtime files, ports, data directories and time. Behind this interface so that
 * starting and stopping clusters is testable with a simulated machine.
 */
export interface ProcessHost {
  /** Starts a worker detached from this process (it outlives the command), logging into its data directory. */
  launch(spec: WorkerSpec): Promise<LaunchedWorker>;
  /** `<dataDir>/spu.json` as written, whether or not its process still runs. */
  readRuntime(dataDir: string): Promise<SpuRuntime | null>;
  /** The live worker of `dataDir`; a stale runtime file is cleared. */
  running(dataDir: string): Promise<SpuRuntime | null>;
  /** Removes the runtime file a killed worker could not remove itself. */
  clearRuntime(dataDir: string): Promise<void>;
  signal(pid: number, signal: "SIGTERM" | "SIGKILL"): void;
  isAlive(pid: number): boolean;
  portInUse(host: string, port: number): Promise<boolean>;
  /** Deletes a worker's data directory (its log included). */
  wipe(dataDir: string): Promise<void>;
  logTail(dataDir: string, logName: string): Promise<string>;
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real machine: child processes, /proc, the file system and the clock. */
export function nodeProcessHost(workerOverride: string | undefined, now: () => number): ProcessHost {
  return {
    async launch(spec) {
      // Resolved per launch: stopping or inspecting a cluster must work without a built worker.
      const entry = await resolveWorkerPath(workerOverride);
      await rm(runtimeFilePath(spec.dataDir), { force: true });
      const spawned = await spawnEngine({ entry, args: workerArgs(spec), output: { logFile: logPath(spec.dataDir, workerLogName(spec)) }, detached: true });
      if (!spawned.ok) return { pid: -1, exitReason: () => spawned.reason, kill: () => undefined };
      const { child, identity, exitReason } = spawned.process;
      return { pid: identity.pid, exitReason, kill: () => void child.kill("SIGTERM") };
    },
    readRuntime,
    running: runningSpu,
    clearRuntime: (dataDir) => rm(runtimeFilePath(dataDir), { force: true }),
    signal(pid, signal) {
      try {
        process.kill(pid, signal);
      } catch (cause) {
        // It exited between our look and the signal: what the signal was for.
        if ((cause as NodeJS.ErrnoException).code !== "ESRCH") throw cause;
      }
    },
    isAlive: pidRunning,
    portInUse,
    wipe: (dataDir) => rm(dataDir, { recursive: true, force: true }),
    logTail: (dataDir, logName) => logTail(dataDir, 10, logName),
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
