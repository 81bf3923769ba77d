import type { ClusterDescription } from "@freshet/client/admin/cluster-description";
import type { LocalClusterDeps } from "../local-cluster/local-cluster-deps.js";
import type { LaunchedWorker, ProcessHost } from "../local-cluster/process-host.js";
import type { SpuRuntime } from "../local-cluster/spu-runtime.js";
import type { WorkerSpec } from "../local-cluster/worker-spec.js";

/** How a simulated worker behaves once launched. */
export interface FakeBehaviour {
  /** Polls (sleeps of the orchestrator) before it listens and writes spu.json; null = never. */
  readonly readyAfterSleeps: number | null;
  /** Exits with this reason instead of becoming ready. */
  readonly crash?: string;
  /** Keeps running on SIGTERM (only SIGKILL ends it). */
  readonly ignoresSigterm?: boolean;
}

interface FakeProcess {
  readonly pid: number;
  readonly spec: WorkerSpec;
  readonly behaviour: FakeBehaviour;
  sleepsLeft: number | null;
  exit: string | null;
  /** Simulated time at which it started or stopped listening (liveness lags it). */
  changedAt: number;
}

/**
 * A simulated machine: launched workers become ready after a number of the
 * orchestrator's sleeps, write their runtime "file", obey signals; time only
 * moves when the orchestrator sleeps. Its controller sees an SPU live from
 * `registerAfterMs` after it listens until `deadAfterMs` after it stopped,
 * as heartbeats and the controller's timeout make the real one do.
 */
export class FakeMachine implements ProcessHost {
  readonly launches: WorkerSpec[] = [];
  readonly signals: Array<{ pid: number; signal: string; label: string }> = [];
  readonly wiped: string[] = [];
  readonly busyPorts = new Set<number>();
  behaviour: (spec: WorkerSpec) => FakeBehaviour = () => ({ readyAfterSleeps: 1 });
  registerAfterMs = 0;
  deadAfterMs = 0;
  #clock = 1_000_000;
  #nextPid = 100;
  #nextFreePort = 40_000;
  readonly #processes = new Map<number, FakeProcess>();
  readonly #runtimes = new Map<string, SpuRuntime>();
  /** Every SPU that ever listened, by id: the controller remembers registrations. */
  readonly #registered = new Map<number, FakeProcess>();

  async launch(spec: WorkerSpec): Promise<LaunchedWorker> {
    this.launches.push(spec);
    const behaviour = this.behaviour(spec);
    const process: FakeProcess = { pid: this.#nextPid++, spec, behaviour, sleepsLeft: behaviour.readyAfterSleeps, exit: null, changedAt: this.#clock };
    this.#processes.set(process.pid, process);
    if (behaviour.crash !== undefined) process.exit = behaviour.crash;
    else if (process.sleepsLeft === 0) this.#listen(process);
    return { pid: process.pid, exitReason: () => process.exit, kill: () => this.#end(process, "signal SIGTERM") };
  }

  /** A worker already running before the command (started by an earlier one). */
  adopt(spec: WorkerSpec, port: number): SpuRuntime {
    const process: FakeProcess = { pid: this.#nextPid++, spec, behaviour: { readyAfterSleeps: 0 }, sleepsLeft: 0, exit: null, changedAt: this.#clock - 60_000 };
    this.#processes.set(process.pid, process);
    return this.#listen(process, port);
  }

  #listen(process: FakeProcess, port?: number): SpuRuntime {
    process.sleepsLeft = null;
    process.changedAt = this.#clock;
    const nodeId = process.spec.role === "spu" ? process.spec.nodeId : 0;
    const runtime = { pid: process.pid, host: process.spec.host, port: port ?? (process.spec.port || this.#nextFreePort++), nodeId, startedAt: new Date(this.#clock).toISOString() };
    this.#runtimes.set(process.spec.dataDir, runtime);
    if (process.spec.role === "spu") this.#registered.set(nodeId, process);
    return runtime;
  }

  #end(process: FakeProcess, reason: string): void {
    if (process.exit !== null) return;
    process.exit = reason;
    process.changedAt = this.#clock;
    // A worker removes its runtime file only when it shuts down cleanly.
    if (reason === "signal SIGTERM" && this.#runtimes.get(process.spec.dataDir)?.pid === process.pid) this.#runtimes.delete(process.spec.dataDir);
  }

  async readRuntime(dataDir: string): Promise<SpuRuntime | null> {
    return this.#runtimes.get(dataDir) ?? null;
  }

  async running(dataDir: string): Promise<SpuRuntime | null> {
    const runtime = this.#runtimes.get(dataDir);
    if (runtime === undefined) return null;
    if (this.isAlive(runtime.pid)) return runtime;
    this.#runtimes.delete(dataDir);
    return null;
  }

  async clearRuntime(dataDir: string): Promise<void> {
    this.#runtimes.delete(dataDir);
  }

  signal(pid: number, signal: "SIGTERM" | "SIGKILL"): void {
    const process = this.#processes.get(pid);
    this.signals.push({ pid, signal, label: process === undefined ? "?" : labelOf(process.spec) });
    if (process === undefined) return;
    if (signal === "SIGKILL") this.#end(process, "signal SIGKILL");
    else if (process.behaviour.ignoresSigterm !== true) this.#end(process, "signal SIGTERM");
  }

  isAlive(pid: number): boolean {
    const process = this.#processes.get(pid);
    return process !== undefined && process.exit === null;
  }

  async portInUse(_host: string, port: number): Promise<boolean> {
    if (this.busyPorts.has(port)) return true;
    return [...this.#runtimes.values()].some((r) => r.port === port && this.isAlive(r.pid));
  }

  async wipe(dataDir: string): Promise<void> {
    this.wiped.push(dataDir);
  }

  async logTail(dataDir: string, logName: string): Promise<string> {
    return `last words of ${dataDir}/${logName}`;
  }

  now(): number {
    return this.#clock;
  }

  async sleep(ms: number): Promise<void> {
    this.#clock += ms;
    for (const process of this.#processes.values()) {
      if (process.exit !== null || process.sleepsLeft === null) continue;
      process.sleepsLeft -= 1;
      if (process.sleepsLeft <= 0) this.#listen(process);
    }
  }

  /** What the simulated controller answers. */
  describe(): ClusterDescription {
    const spus = [...this.#registered].map(([id, process]) => {
      const live = process.exit === null ? this.#clock - process.changedAt >= this.registerAfterMs : this.#clock - process.changedAt < this.deadAfterMs;
      const runtime = this.#runtimes.get(process.spec.dataDir);
      return { id, host: process.spec.host, port: runtime?.port ?? process.spec.port, live, lastHeartbeatAgeMs: 0 };
    });
    return { clusterId: "fake", stateEpoch: 1, spus: spus.sort((a, b) => a.id - b.id), partitions: [] };
  }

  /** Deps for orchestration code, the controller reachable while an SC process runs. */
  deps(progress: string[] = [], readyTimeoutMs = 5_000): LocalClusterDeps {
    return {
      machine: this,
      describeCluster: async (address) => {
        const sc = [...this.#processes.values()].find((p) => p.spec.role === "sc" && p.exit === null && this.#runtimes.get(p.spec.dataDir)?.port === address.port);
        if (sc === undefined) throw new Error(`connection refused at ${address.host}:${address.port}`);
        if (sc.spec.role === "sc" && sc.spec.controllerSecret !== address.secretFile) throw new Error(`wrong controller secret ${address.secretFile}`);
        return this.describe();
      },
      progress: async (line) => void progress.push(line),
      readyTimeoutMs,
    };
  }
}

function labelOf(spec: WorkerSpec): string {
  return spec.role === "spu" ? `spu-${spec.nodeId}` : spec.role;
}
