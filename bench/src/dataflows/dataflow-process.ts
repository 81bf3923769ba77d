import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { resolveEngineEntry, spawnEngine, stopProcess, waitUntilListening, type EngineProcess } from "@freshet/spu-worker/launch";
import { z } from "zod";
import { cpuSecondsOf } from "../limits/cpu-budget/proc-stat.js";
import { UnavailableError } from "../systems/driver.js";

const STOP_GRACE_MS = 10_000;
const STDERR_TAIL_BYTES = 4096;
const POLL_MS = 20;

/** The part of GET /status (issue 16's process contract) the bench reads. */
const statusSchema = z.object({
  state: z.enum(["starting", "running", "failed"]),
  reason: z.string().optional(),
  sources: z.array(z.object({ id: z.string(), partitions: z.array(z.object({ partition: z.number(), offset: z.number(), lag: z.number() })) })),
});
export type DataflowStatus = z.infer<typeof statusSchema>;

/** Records read so far, all sources: each partition's next offset (the topics start at 0). */
export const consumedOf = (status: DataflowStatus): number => status.sources.reduce((sum, s) => sum + s.partitions.reduce((n, p) => n + p.offset, 0), 0);

/**
 * One `apps/spu-worker --role dataflow` process running a document, on a temp data directory; its
 * HTTP API port comes from the runtime file it writes once it listens.
 */
export class DataflowProcess {
  private constructor(
    readonly engine: EngineProcess,
    readonly apiPort: number,
    /** The last few KiB it wrote to stderr. */
    readonly stderr: () => string,
  ) {}

  static async start(document: string, timeoutMs: number): Promise<DataflowProcess> {
    const entry = await resolveEngineEntry();
    if (!entry.ok) throw new UnavailableError(`${entry.reason}; build it with \`npx turbo run build\``);
    const dataDir = await mkdtemp(join(tmpdir(), "bench-dataflow-"));
    const configPath = join(dataDir, "dataflow.yaml");
    await writeFile(configPath, document);
    const spawned = await spawnEngine({ entry: entry.path, args: { dataDir, logLevel: "warn" }, rawArgv: ["--role", "dataflow", "--dataflow-config", configPath], output: "pipe" });
    if (!spawned.ok) {
      await rm(dataDir, { recursive: true, force: true });
      throw new UnavailableError(`the dataflow process ${spawned.reason}`);
    }
    const engine = spawned.process;
    let stderr = "";
    engine.child.stdout?.resume();
    engine.child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES)));
    const ready = await waitUntilListening({ dataDir, identity: engine.identity, timeoutMs, exitReason: engine.exitReason });
    if (!ready.ok) {
      engine.child.kill("SIGKILL");
      await engine.exited;
      await rm(dataDir, { recursive: true, force: true });
      throw new UnavailableError(`the dataflow process: ${ready.reason}: ${stderr.trim()}`);
    }
    return new DataflowProcess(engine, ready.info.port, () => stderr);
  }

  get pid(): number {
    return this.engine.identity.pid;
  }

  cpuSeconds(): number | null {
    return cpuSecondsOf(this.pid, false);
  }

  /** GET /status, or null while it does not answer yet; fails once the process ended or says it failed. */
  async status(): Promise<DataflowStatus | null> {
    let body: unknown;
    try {
      const response = await fetch(`http://127.0.0.1:${this.apiPort.toString()}/status`);
      body = response.ok ? await response.json() : null;
    } catch {
      body = null;
    }
    if (body === null) {
      const exit = this.engine.exitReason();
      if (exit !== null) throw new Error(`the dataflow process ended (${exit}): ${this.stderr().trim()}`);
      return null;
    }
    const status = statusSchema.parse(body);
    if (status.state === "failed") throw new Error(`the dataflow failed: ${status.reason ?? "no reason given"}`);
    return status;
  }

  /** Polls GET /status until `done` holds for it; fails after `timeoutMs` naming `what`. */
  async until(what: string, done: (status: DataflowStatus) => boolean | Promise<boolean>, timeoutMs: number): Promise<DataflowStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.status();
      if (status !== null && (await done(status))) return status;
      if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000).toString()} s waiting for ${what}`);
      await sleep(POLL_MS);
    }
  }

  async stop(): Promise<void> {
    await stopProcess(this.engine.identity, STOP_GRACE_MS);
    await this.engine.exited;
    await rm(this.engine.dataDir, { recursive: true, force: true });
  }
}
