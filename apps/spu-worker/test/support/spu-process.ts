import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINE_ENTRY, spawnEngine, stopProcess, waitUntilListening } from "../../src/launch/index.js";

// Generous: a loaded 2-core CI machine has taken more than 15 s to start a worker; one that exits fails at once.
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 30_000;

export interface SpuProcess {
  readonly dataDir: string;
  readonly port: number;
  readonly bootstrap: string;
  readonly child: ChildProcess;
  /** Everything the worker printed so far (JSON log lines). */
  output(): string;
  /** SIGTERM and wait for a clean exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` with `what`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "freshet-test-"));
}

/**
 * Starts the real worker process on a free port and waits until it is listening. `args` are
 * flags as on a command line: tests here also feed the worker wrong ones.
 */
export async function startSpu(options: { dataDir?: string; args?: string[]; maxOpenFiles?: number } = {}): Promise<SpuProcess> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  // prlimit execs the worker under RLIMIT_NOFILE, so the pid stays the worker's.
  const wrapper = options.maxOpenFiles === undefined ? [] : ["prlimit", `--nofile=${options.maxOpenFiles}:${options.maxOpenFiles}`, "--"];
  const spawned = await spawnEngine({ entry: ENGINE_ENTRY, args: { dataDir, port: 0 }, rawArgv: options.args ?? [], output: "pipe", wrapper });
  if (!spawned.ok) throw new Error(spawned.reason);
  const { child, identity, exitReason, exited } = spawned.process;
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const ready = await waitUntilListening({ dataDir, identity, timeoutMs: START_TIMEOUT_MS, exitReason });
  if (!ready.ok) {
    // Ends it if it still runs; one that exited by itself is gone from /proc before its exit code is here.
    child.kill("SIGKILL");
    const code = await exited;
    throw new Error(code === null ? `${ready.reason}:\n${output}` : `worker exited with ${code}:\n${output}`);
  }
  const { port } = ready.info;
  return {
    dataDir,
    port,
    bootstrap: `127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      await stopProcess(identity, STOP_GRACE_MS);
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}
