import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const WORKER_ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/main.js");

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

/** Starts the real worker process on a free port and waits until it is listening. */
export async function startSpu(options: { dataDir?: string; args?: string[]; maxOpenFiles?: number } = {}): Promise<SpuProcess> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const command = [process.execPath, WORKER_ENTRY, "--data-dir", dataDir, "--port", "0", ...(options.args ?? [])];
  // prlimit execs the worker under RLIMIT_NOFILE, so the pid stays the worker's.
  const limited = options.maxOpenFiles === undefined ? command : ["prlimit", `--nofile=${options.maxOpenFiles}:${options.maxOpenFiles}`, "--", ...command];
  const child = spawn(limited[0]!, limited.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = await eventually(`worker in ${dataDir} to listen`, async () => {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output}`);
    try {
      const info = JSON.parse(await readFile(join(dataDir, "spu.json"), "utf8")) as { pid: number; port: number };
      return info.pid === child.pid ? info.port : undefined;
    } catch {
      return undefined;
    }
  });
  return {
    dataDir,
    port,
    bootstrap: `127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
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
