import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { UnavailableError } from "../driver.js";

/** bench/{src,dist}/systems/freshet/ → the repository root, for both the tsx and the compiled entry. */
export const SPU_WORKER_ENTRY = fileURLToPath(new URL("../../../../apps/spu-worker/dist/main.js", import.meta.url));

const STOP_GRACE_MS = 15_000;
const STDERR_TAIL_BYTES = 4096;

/** Brokers still running, so that an interrupted run does not leave them (or their data) behind. */
const running = new Set<BrokerProcess>();

function killAllNow(): void {
  for (const broker of running) broker.killNow();
}

function exitOnSignal(): void {
  killAllNow();
  process.exit(130);
}

/** The process hooks exist only while a broker runs, so importing this module changes nothing. */
function track(broker: BrokerProcess): void {
  if (running.size === 0) {
    process.on("exit", killAllNow);
    process.on("SIGINT", exitOnSignal);
    process.on("SIGTERM", exitOnSignal);
  }
  running.add(broker);
}

function untrack(broker: BrokerProcess): boolean {
  const tracked = running.delete(broker);
  if (tracked && running.size === 0) {
    process.off("exit", killAllNow);
    process.off("SIGINT", exitOnSignal);
    process.off("SIGTERM", exitOnSignal);
  }
  return tracked;
}

interface RuntimeFile {
  readonly pid: number;
  readonly host: string;
  readonly port: number;
}

/**
 * One Freshet SPU process (`node apps/spu-worker/dist/main.js`) on a fresh
 * temporary data directory and a free port. It announces itself by writing
 * `<data-dir>/spu.json`; SIGTERM stops it gracefully.
 */
export class BrokerProcess {
  readonly host: string;
  readonly port: number;
  readonly #child: ChildProcess;
  readonly #dataDir: string;
  readonly #exited: Promise<void>;

  private constructor(child: ChildProcess, dataDir: string, exited: Promise<void>, runtime: RuntimeFile) {
    this.#child = child;
    this.#dataDir = dataDir;
    this.#exited = exited;
    this.host = runtime.host;
    this.port = runtime.port;
  }

  /** `args` add worker flags, e.g. `--role sc` or `--role spu --sc host:port --node-id 1` for a cluster member. */
  static async start(timeoutMs: number, args: readonly string[] = []): Promise<BrokerProcess> {
    if (!existsSync(SPU_WORKER_ENTRY)) {
      throw new UnavailableError(`${SPU_WORKER_ENTRY} does not exist; build it with \`npx turbo run build\``);
    }
    const dataDir = await mkdtemp(join(tmpdir(), "freshet-bench-spu-"));
    const child = spawn(process.execPath, [SPU_WORKER_ENTRY, "--data-dir", dataDir, "--port", "0", "--log-level", "warn", ...args], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
    });
    let exitCode: number | null = null;
    const exited = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        exitCode = code ?? (signal ? 128 : 1);
        resolve();
      });
      child.once("error", () => resolve());
    });
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        const runtime = await readRuntimeFile(dataDir);
        if (runtime !== null && runtime.pid === child.pid) {
          const broker = new BrokerProcess(child, dataDir, exited, runtime);
          track(broker);
          return broker;
        }
        if (exitCode !== null || child.exitCode !== null) {
          throw new UnavailableError(`the Freshet broker exited with code ${exitCode ?? child.exitCode} before listening: ${stderr.trim()}`);
        }
        if (Date.now() > deadline) throw new UnavailableError(`the Freshet broker did not write spu.json within ${timeoutMs} ms: ${stderr.trim()}`);
        await sleep(50);
      }
    } catch (failure) {
      child.kill("SIGKILL");
      await exited;
      await rm(dataDir, { recursive: true, force: true });
      throw failure;
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; removes the data directory either way. */
  async stop(): Promise<void> {
    if (!untrack(this)) return;
    this.#child.kill("SIGTERM");
    const graceful = await Promise.race([this.#exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
    if (!graceful) {
      this.#child.kill("SIGKILL");
      await this.#exited;
    }
    await rm(this.#dataDir, { recursive: true, force: true });
  }

  /** Synchronous last resort for process exit and signals. */
  killNow(): void {
    untrack(this);
    this.#child.kill("SIGKILL");
    rmSync(this.#dataDir, { recursive: true, force: true });
  }
}

async function readRuntimeFile(dataDir: string): Promise<RuntimeFile | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dataDir, "spu.json"), "utf8"));
    if (typeof parsed !== "object" || parsed === null) return null;
    const { pid, host, port } = parsed as Record<string, unknown>;
    return typeof pid === "number" && typeof host === "string" && typeof port === "number" ? { pid, host, port } : null;
  } catch {
    // Not written yet, or caught between the worker's write and rename.
    return null;
  }
}
