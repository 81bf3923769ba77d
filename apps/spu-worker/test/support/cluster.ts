import { afterAll, beforeAll } from "vitest";
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel, type Admin, type KafkaConfig } from "kafkajs";
import { ENGINE_ENTRY, spawnEngine, stopProcess, waitUntilListening, type EngineArgs, type EngineProcess } from "../../src/launch/index.js";
import { eventually } from "./spu-process.js";

/** How long a process may take to write spu.json, and a SIGTERM to finish. */
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;

export type StopSignal = "SIGKILL" | "SIGTERM";

export interface ClusterOptions {
  readonly spus: number;
  /** Controller: an SPU without heartbeat for this long is dead. Default 2000 (worker default 3000). */
  readonly spuTimeoutMs?: number;
  /** Leader: a follower lagging this long leaves the ISR. Default 3000. */
  readonly replicaLagMaxMs?: number;
  /** More flags for the controller (e.g. --num-partitions). */
  readonly controllerArgs?: readonly string[];
  /** More worker flags for every SPU (e.g. a short --log-cleaner-interval-ms). */
  readonly spuArgs?: readonly string[];
}

export interface PartitionState {
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

interface Member {
  readonly name: string;
  readonly args: Omit<EngineArgs, "dataDir" | "port">;
  /** The options' flags as typed by a test, after `args`. */
  readonly rawArgv: readonly string[];
  /** Fixed after the first start, so restarts keep the address clients and SPUs know. */
  port: number;
  engine: EngineProcess | null;
  exited: Promise<void>;
}

/** Processes of every cluster still running, so a crashed test run does not leave them behind. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * A streaming controller and N SPUs as real worker processes on free loopback
 * ports, each with its own data directory under one temporary root. Process
 * output goes to `<root>/logs/<name>.log` (outside the data directories, so
 * `replaceEmpty` keeps the history) for post-mortems of failed runs.
 */
export class TestCluster {
  readonly #members = new Map<string, Member>();
  #admin: Admin | null = null;

  readonly #spuIds: number[];
  #replicaLagMaxMs = 3000;
  #spuArgs: readonly string[] = [];

  private constructor(
    readonly root: string,
    spuIds: readonly number[],
  ) {
    this.#spuIds = [...spuIds];
  }

  get spuIds(): readonly number[] {
    return this.#spuIds;
  }

  static async start(options: ClusterOptions): Promise<TestCluster> {
    const root = await mkdtemp(join(tmpdir(), "freshet-cluster-"));
    await mkdir(join(root, "logs"));
    const ids = Array.from({ length: options.spus }, (_, id) => id);
    const cluster = new TestCluster(root, ids);
    try {
      await cluster.#addController(options.spuTimeoutMs ?? 2000, options.controllerArgs ?? []);
      const sc = `127.0.0.1:${cluster.#member("sc").port}`;
      cluster.#replicaLagMaxMs = options.replicaLagMaxMs ?? 3000;
      cluster.#spuArgs = options.spuArgs ?? [];
      for (const id of ids) cluster.#members.set(spuName(id), cluster.#spuMember(id, sc));
      await Promise.all(ids.map((id) => cluster.#launch(cluster.#member(spuName(id)))));
      cluster.#admin = cluster.kafka("test-cluster-admin").admin();
      await cluster.#admin.connect();
      await cluster.waitForBrokers(ids);
      return cluster;
    } catch (failure) {
      await cluster.cleanup();
      throw failure;
    }
  }

  /** Bootstrap addresses of every SPU, running or not (their ports never change). */
  get brokers(): string[] {
    return this.spuIds.map((id) => this.addressOf(id));
  }

  addressOf(spuId: number): string {
    return `127.0.0.1:${this.#member(spuName(spuId)).port}`;
  }

  get admin(): Admin {
    if (this.#admin === null) throw new Error("the cluster is not started");
    return this.#admin;
  }

  /** A kafkajs client for this cluster: silent, and retrying long enough to ride out an election. */
  kafka(clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka {
    return new Kafka({
      clientId,
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 40, initialRetryTime: 100, maxRetryTime: 1000 },
      ...overrides,
    });
  }

  dataDirOf(spuId: number): string {
    return join(this.root, spuName(spuId));
  }

  isRunning(spuId: number): boolean {
    return this.#member(spuName(spuId)).engine !== null;
  }

  /** Everything the SPU (or "sc") printed across all its lives. */
  async logOf(spuIdOrController: number | "sc"): Promise<string> {
    const name = spuIdOrController === "sc" ? "sc" : spuName(spuIdOrController);
    return readFile(logPath(this.root, name), "utf8").catch(() => "");
  }

  /** The last lines of every process's output, for the report of a failed test. */
  async logTails(lines = 25): Promise<string> {
    const names = ["sc", ...this.spuIds.map(spuName)];
    const logs = await Promise.all(names.map(async (name) => `--- ${name}\n${tail(await readFile(logPath(this.root, name), "utf8").catch(() => ""), lines)}`));
    return logs.join("\n");
  }

  kill(spuId: number, signal: StopSignal = "SIGKILL"): Promise<void> {
    return this.#stop(this.#member(spuName(spuId)), signal);
  }

  /** Starts a stopped SPU again on its data directory and port; resolves once Metadata lists it. */
  async restart(spuId: number): Promise<void> {
    await this.#launch(this.#member(spuName(spuId)));
    await this.waitForBrokers([spuId]);
  }

  /** The cluster's controller secret file, created by the SC on its first start. */
  get controllerSecretFile(): string {
    return join(this.root, "controller.secret");
  }

  #spuMember(id: number, sc: string): Member {
    const args = { role: "spu", nodeId: id, sc, controllerSecret: this.controllerSecretFile, replicaLagMaxMs: this.#replicaLagMaxMs } as const;
    return newMember(spuName(id), args, this.#spuArgs);
  }

  /** Starts one more SPU (the next id) joining the same controller; resolves once Metadata lists it. */
  async add(): Promise<number> {
    const id = this.#spuIds.length;
    this.#members.set(spuName(id), this.#spuMember(id, `127.0.0.1:${this.#member("sc").port}`));
    this.#spuIds.push(id);
    await this.restart(id);
    return id;
  }

  /** Stops SPU `spuId`, wipes its data directory and starts an empty SPU with the same id. */
  async replaceEmpty(spuId: number): Promise<void> {
    await this.kill(spuId, "SIGKILL");
    await rm(this.dataDirOf(spuId), { recursive: true, force: true });
    await this.restart(spuId);
  }

  killController(signal: StopSignal = "SIGKILL"): Promise<void> {
    return this.#stop(this.#member("sc"), signal);
  }

  /** Starts the controller again on its data directory and port; SPUs reconnect on their own. */
  restartController(): Promise<void> {
    return this.#launch(this.#member("sc"));
  }

  /** The partition as some live SPU currently describes it (views converge through the controller). */
  async partition(topic: string, partition: number): Promise<PartitionState> {
    const metadata = await this.admin.fetchTopicMetadata({ topics: [topic] });
    const found = metadata.topics[0]?.partitions.find((p) => p.partitionId === partition);
    if (found === undefined) throw new Error(`no partition ${topic}-${partition} in Metadata`);
    return { leader: found.leader, replicas: found.replicas, isr: found.isr };
  }

  /** The leader's node id, -1 while the partition has none. */
  async leaderOf(topic: string, partition: number): Promise<number> {
    return (await this.partition(topic, partition)).leader;
  }

  /** Polls Metadata (tolerating requests that hit a dead SPU) until `accept` holds. */
  waitForPartition(topic: string, partition: number, what: string, accept: (state: PartitionState) => boolean, timeoutMs = 30_000): Promise<PartitionState> {
    return eventually(
      `${topic}-${partition}: ${what}`,
      async () => {
        const state = await this.partition(topic, partition).catch(() => undefined);
        return state !== undefined && accept(state) ? state : undefined;
      },
      timeoutMs,
    );
  }

  /** Waits until Metadata lists every SPU in `ids` as a live broker. */
  async waitForBrokers(ids: readonly number[], timeoutMs = 30_000): Promise<void> {
    await eventually(
      `Metadata to list brokers ${ids.join(", ")}`,
      async () => {
        const listed = await this.admin.describeCluster().catch(() => undefined);
        return listed !== undefined && ids.every((id) => listed.brokers.some((b) => b.nodeId === id)) ? true : undefined;
      },
      timeoutMs,
    );
  }

  /** Waits until Metadata no longer lists SPU `id`: the controller declared it dead. */
  async waitForDeath(id: number, timeoutMs = 30_000): Promise<void> {
    await eventually(
      `the controller to declare SPU ${id} dead`,
      async () => {
        const listed = await this.admin.describeCluster().catch(() => undefined);
        return listed !== undefined && !listed.brokers.some((b) => b.nodeId === id) ? true : undefined;
      },
      timeoutMs,
    );
  }

  /** Stops every process (SIGTERM, SIGKILL if it hangs); the data stays for inspection. */
  async stopAll(): Promise<void> {
    await this.#admin?.disconnect().catch(() => undefined);
    this.#admin = null;
    const results = await Promise.allSettled([...this.#members.values()].map((member) => this.#stop(member, "SIGTERM")));
    const hung = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String(r.reason));
    if (hung.length > 0) throw new Error(hung.join("; "));
  }

  /** Stops everything and removes the root directory; safe to call twice. */
  async cleanup(): Promise<void> {
    try {
      await this.stopAll();
    } finally {
      await rm(this.root, { recursive: true, force: true });
    }
  }

  #member(name: string): Member {
    const member = this.#members.get(name);
    if (member === undefined) throw new Error(`no cluster member ${name}`);
    return member;
  }

  async #addController(spuTimeoutMs: number, extraArgs: readonly string[]): Promise<void> {
    const member = newMember("sc", { role: "sc", controllerSecret: this.controllerSecretFile, spuTimeoutMs }, extraArgs);
    this.#members.set("sc", member);
    await this.#launch(member);
  }

  async #launch(member: Member): Promise<void> {
    if (member.engine !== null) throw new Error(`${member.name} is already running`);
    const dataDir = join(this.root, member.name);
    const output = async (): Promise<string> => tail(await readFile(logPath(this.root, member.name), "utf8").catch(() => ""));
    const spawned = await spawnEngine({
      entry: ENGINE_ENTRY,
      args: { ...member.args, dataDir, port: member.port },
      rawArgv: member.rawArgv,
      output: { logFile: logPath(this.root, member.name) },
    });
    if (!spawned.ok) throw new Error(`${spawned.reason}\n${member.name} output:\n${await output()}`);
    const engine = spawned.process;
    running.add(engine.child);
    member.engine = engine;
    member.exited = engine.exited.then(() => {
      running.delete(engine.child);
      if (member.engine === engine) member.engine = null;
    });
    const ready = await waitUntilListening({ dataDir, identity: engine.identity, timeoutMs: START_TIMEOUT_MS, exitReason: engine.exitReason });
    if (!ready.ok) throw new Error(`${member.name}: ${ready.reason}\n${member.name} output:\n${await output()}`);
    member.port = ready.info.port;
  }

  async #stop(member: Member, signal: StopSignal): Promise<void> {
    const engine = member.engine;
    if (engine === null) return;
    if (signal === "SIGKILL") engine.child.kill("SIGKILL");
    else if ((await stopProcess(engine.identity, STOP_TIMEOUT_MS)) === "killed") {
      await member.exited;
      throw new Error(`${member.name} did not stop within ${STOP_TIMEOUT_MS} ms of ${signal}`);
    }
    await member.exited;
  }
}

function spuName(id: number): string {
  return `spu-${id}`;
}

function logPath(root: string, name: string): string {
  return join(root, "logs", `${name}.log`);
}

function newMember(name: string, args: Member["args"], rawArgv: readonly string[]): Member {
  return { name, args, rawArgv, port: 0, engine: null, exited: Promise.resolve() };
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * One cluster for a describe block: started before its first test, cleaned up
 * after its last; `use` receives it once started.
 */
export function clusterForSuite(options: ClusterOptions, use: (cluster: TestCluster) => void): void {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await TestCluster.start(options);
    use(cluster);
  }, 60_000);
  afterAll(async () => {
    await cluster?.cleanup();
  });
}
