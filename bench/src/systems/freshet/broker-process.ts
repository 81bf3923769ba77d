import { readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveEngineEntry, spawnEngine, stopProcess, waitUntilListening, type EngineArgs, type EngineProcess } from "@freshet/spu-worker/launch";
import { UnavailableError, type BrokerMemory } from "../driver.js";

const STOP_GRACE_MS = 15_000;
const STDERR_TAIL_BYTES = 4096;

/** A field of /proc/<pid>/status in bytes (the kernel prints kB), or null once the process is gone. */
function statusBytes(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((text) => text.startsWith(`${field}:`));
    const kilobytes = line === undefined ? NaN : Number.parseInt(line.slice(field.length + 1).trim(), 10);
    return Number.isFinite(kilobytes) ? kilobytes * 1024 : null;
  } catch {
    return null;
  }
}

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

/**
 * One Freshet SPU process (`node apps/spu-worker/dist/main.js`) on a fresh
 * temporary data directory and a free port. It announces itself by writing
 * `<data-dir>/spu.json`; SIGTERM stops it gracefully.
 */
export class BrokerProcess {
  readonly host: string;
  readonly port: number;
  readonly #engine: EngineProcess;
  /** VmRSS as soon as the broker listened, before any client connected. */
  readonly #idleRssBytes: number | null;
  #memory: BrokerMemory | null = null;

  private constructor(engine: EngineProcess, host: string, port: number) {
    this.#engine = engine;
    this.host = host;
    this.port = port;
    this.#idleRssBytes = statusBytes(engine.identity.pid, "VmRSS");
  }

  /** The broker's process id, for reading its CPU time from /proc. */
  get pid(): number {
    return this.#engine.identity.pid;
  }

  /** Idle and peak resident memory, known once stop() has run (null if /proc could not be read). */
  get memory(): BrokerMemory | null {
    return this.#memory;
  }

  /** `args` add worker settings, e.g. `{ role: "sc" }` or `{ role: "spu", sc: "host:port", nodeId: 1 }` for a cluster member. */
  static async start(timeoutMs: number, args: Omit<EngineArgs, "dataDir" | "port"> = {}): Promise<BrokerProcess> {
    const entry = await resolveEngineEntry();
    if (!entry.ok) throw new UnavailableError(`${entry.reason}; build it with \`npx turbo run build\``);
    const dataDir = await mkdtemp(join(tmpdir(), "freshet-bench-spu-"));
    const spawned = await spawnEngine({ entry: entry.path, args: { logLevel: "warn", ...args, dataDir, port: 0 }, output: "pipe" });
    if (!spawned.ok) {
      await rm(dataDir, { recursive: true, force: true });
      throw new UnavailableError(`the Freshet broker ${spawned.reason}`);
    }
    const engine = spawned.process;
    let stderr = "";
    engine.child.stdout?.resume();
    engine.child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
    });
    const ready = await waitUntilListening({ dataDir, identity: engine.identity, timeoutMs, exitReason: engine.exitReason });
    if (!ready.ok) {
      engine.child.kill("SIGKILL");
      await engine.exited;
      await rm(dataDir, { recursive: true, force: true });
      throw new UnavailableError(`the Freshet broker: ${ready.reason}: ${stderr.trim()}`);
    }
    const broker = new BrokerProcess(engine, ready.info.host, ready.info.port);
    track(broker);
    return broker;
  }

  /** SIGTERM, then SIGKILL after a grace period; removes the data directory either way. */
  async stop(): Promise<void> {
    if (!untrack(this)) return;
    const peakRssBytes = statusBytes(this.#engine.identity.pid, "VmHWM");
    if (this.#idleRssBytes !== null && peakRssBytes !== null) this.#memory = { idleRssBytes: this.#idleRssBytes, peakRssBytes };
    await stopProcess(this.#engine.identity, STOP_GRACE_MS);
    await this.#engine.exited;
    await rm(this.#engine.dataDir, { recursive: true, force: true });
  }

  /** Synchronous last resort for process exit and signals. */
  killNow(): void {
    untrack(this);
    this.#engine.child.kill("SIGKILL");
    rmSync(this.#engine.dataDir, { recursive: true, force: true });
  }
}
