import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { PartitionLog, type PartitionLogConfig } from "../log/partition-log.js";
import type { ClusterMetadata, MetadataStore } from "../metadata/metadata-store.js";
import type { EngineResources } from "../system/resources.js";
import { moveAsideForDeletion, reconcilePartitionDirectories } from "./partition-directories.js";
import { Partition } from "./partition.js";
import { MAX_PARTITIONS_PER_TOPIC, partitionLimitProblem } from "./partition-limit.js";
import { cleanPartitions } from "./clean-partitions.js";
import { cleanupPolicies, retentionDeletes, type TopicConfig } from "./topic-config.js";
import type { BrokerAddress, ReplicaAssignment, TopicChangeError, TopicDescription, TopicsView } from "./topics-view.js";

/** Producer ids are handed out in blocks persisted ahead of use, so ids stay unique across restarts. */
const PRODUCER_ID_BLOCK = 1000;

export interface TopicRegistryOptions {
  /** Most partitions all topics may have together (--max-partitions); unlimited when unset. */
  readonly maxPartitions?: number;
}

/** A topic change that failed on the disk (EMFILE, ENOSPC…): refused and rolled back, never half done. */
function storageProblem(what: string, cause: unknown): TopicChangeError {
  return { errorName: "KAFKA_STORAGE_ERROR", message: `${what} failed on the broker's disk and was rolled back: ${(cause as Error).message}` };
}

export interface Topic {
  readonly name: string;
  readonly id: string;
  readonly config: TopicConfig;
  readonly explicitConfig: readonly string[];
  readonly partitions: Partition[];
}

export function logConfigFor(dataDir: string, topic: string, partition: number, config: TopicConfig): PartitionLogConfig {
  return {
    dir: join(dataDir, "topics", `${topic}-${partition}`),
    segmentBytes: config["segment.bytes"],
    segmentMs: config["segment.ms"],
    retentionMs: config["retention.ms"] < 0 || !retentionDeletes(config) ? null : config["retention.ms"],
    retentionBytes: config["retention.bytes"] < 0 || !retentionDeletes(config) ? null : config["retention.bytes"],
    indexIntervalBytes: 4096,
    compaction: cleanupPolicies(config["cleanup.policy"]).includes("compact")
      ? {
          deleteRetentionMs: config["delete.retention.ms"],
          minCompactionLagMs: config["min.compaction.lag.ms"],
          maxCompactionLagMs: config["max.compaction.lag.ms"],
          minCleanableDirtyRatio: config["min.cleanable.dirty.ratio"],
        }
      : null,
    durability: config["freshet.durability"] === "interval" ? { mode: "interval", intervalMs: config["flush.ms"] } : { mode: config["freshet.durability"] },
  };
}

/**
 * Topics and their partitions on a broker that runs alone: it is its own
 * controller, leads every partition and keeps metadata in its metadata store.
 * Mutations are serialized; readers see a topic only once its logs are open.
 */
export class TopicRegistry implements TopicsView {
  readonly #topics = new Map<string, Topic>();
  #metadata: ClusterMetadata;
  #producerIdCeiling: number;
  #nextProducerId: number;
  #mutations: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dataDir: string,
    private readonly store: MetadataStore,
    private readonly resources: EngineResources,
    /** This broker, as Metadata advertises it. */
    private readonly self: BrokerAddress,
    metadata: ClusterMetadata,
    private readonly maxPartitions: number | null,
  ) {
    this.#metadata = metadata;
    this.#nextProducerId = metadata.nextProducerId;
    this.#producerIdCeiling = metadata.nextProducerId;
  }

  static async open(dataDir: string, store: MetadataStore, resources: EngineResources, self: BrokerAddress, options: TopicRegistryOptions = {}): Promise<TopicRegistry> {
    const loaded = await store.load();
    const metadata = loaded.metadata ?? { version: 1 as const, clusterId: randomUUID(), nextProducerId: 0, topics: {} };
    const rebuilt = await reconcilePartitionDirectories(dataDir, metadata, resources);
    await store.save(metadata);
    const registry = new TopicRegistry(dataDir, store, resources, self, metadata, options.maxPartitions ?? null);
    for (const [name, topic] of Object.entries(metadata.topics)) {
      const partitions: Partition[] = [];
      await registry.#openPartitions(name, topic.config, 0, topic.partitions, partitions);
      registry.#topics.set(name, { name, id: topic.id, config: topic.config, explicitConfig: topic.explicitConfig, partitions });
    }
    if (loaded.recovered || rebuilt.length > 0) await registry.#skipProducerIdsInLogs();
    return registry;
  }

  /**
   * Metadata that lags the data may hand out producer ids again that batches in the logs
   * already carry, which idempotence would take for the same producer: restart above the
   * highest id stored, plus a block for ids issued but not yet used.
   */
  async #skipProducerIdsInLogs(): Promise<void> {
    let highest = -1;
    for (const topic of this.#topics.values()) {
      for (const partition of topic.partitions) {
        for await (const header of partition.log.headers(partition.log.logStartOffset)) highest = Math.max(highest, header.producerId);
      }
    }
    const next = Math.max(this.#metadata.nextProducerId, highest + 1) + PRODUCER_ID_BLOCK;
    this.#metadata.nextProducerId = next;
    this.#nextProducerId = next;
    this.#producerIdCeiling = next;
    await this.store.save(this.#metadata);
  }

  get clusterId(): string {
    return this.#metadata.clusterId;
  }

  brokers(): BrokerAddress[] {
    return [this.self];
  }

  controllerId(): number {
    return this.self.nodeId;
  }

  #describe(topic: Topic): TopicDescription {
    const id = this.self.nodeId;
    return {
      name: topic.name,
      id: topic.id,
      config: topic.config,
      explicitConfig: topic.explicitConfig,
      partitions: topic.partitions.map((p) => ({ index: p.index, leader: id, leaderEpoch: p.leaderEpoch, replicas: [id], isr: [id] })),
    };
  }

  describe(name: string): TopicDescription | undefined {
    const topic = this.#topics.get(name);
    return topic && this.#describe(topic);
  }

  local(topic: string, index: number): Partition | undefined {
    return this.#topics.get(topic)?.partitions[index];
  }

  list(): TopicDescription[] {
    return [...this.#topics.values()].map((t) => this.#describe(t));
  }

  /** Opens partitions `from`..`to`-1 into `into`, so that a caller whose open fails midway knows what to close. */
  async #openPartitions(name: string, config: TopicConfig, from: number, to: number, into: Partition[]): Promise<void> {
    for (let index = from; index < to; index++) {
      const log = await PartitionLog.open(logConfigFor(this.dataDir, name, index, config), this.resources);
      const partition = new Partition(name, index, log, this.resources.clock, this.self.nodeId);
      into.push(partition);
      await partition.becomeLeader(0, [this.self.nodeId], [this.self.nodeId]);
      await partition.recoverProducers();
    }
  }

  /**
   * New partitions `from`..`to`-1 with their logs open, or a storage error with
   * nothing left behind: whatever was opened is closed and every directory of the
   * range removed, so a failed creation (e.g. out of file descriptors) neither
   * leaks descriptors nor leaves directories a restart would have to sort out.
   */
  async #openNewPartitions(name: string, config: TopicConfig, from: number, to: number): Promise<{ ok: true; partitions: Partition[] } | { ok: false; error: TopicChangeError }> {
    const opened: Partition[] = [];
    try {
      await this.#openPartitions(name, config, from, to, opened);
      return { ok: true, partitions: opened };
    } catch (cause) {
      this.resources.logger.error({ err: cause, topic: name, partitions: `${from}..${to - 1}` }, "opening new partitions failed; rolling back");
      await this.#discardNewPartitions(name, config, from, to, opened);
      return { ok: false, error: storageProblem(`opening partitions ${from}..${to - 1} of topic '${name}'`, cause) };
    }
  }

  async #discardNewPartitions(name: string, config: TopicConfig, from: number, to: number, opened: readonly Partition[]): Promise<void> {
    for (const partition of opened) await partition.log.close().catch(() => undefined);
    for (let index = from; index < to; index++) {
      const dir = logConfigFor(this.dataDir, name, index, config).dir;
      await rm(dir, { recursive: true, force: true }).catch((cause: unknown) => this.resources.logger.error({ err: cause, dir }, "removing a rolled-back partition directory failed"));
    }
  }

  #partitionTotal(): number {
    let total = 0;
    for (const topic of this.#topics.values()) total += topic.partitions.length;
    return total;
  }

  #serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#mutations.then(work);
    this.#mutations = next.catch(() => undefined);
    return next;
  }

  create(
    name: string,
    partitionCount: number,
    replicationFactor: number,
    config: TopicConfig,
    explicitConfig: readonly string[] = [],
    assignment?: ReplicaAssignment,
  ): Promise<TopicChangeError | null> {
    return this.#serialize(async () => {
      const self = this.self.nodeId;
      if (assignment?.some((replicas) => replicas.length !== 1 || replicas[0] !== self)) {
        return { errorName: "INVALID_REPLICA_ASSIGNMENT", message: `a single broker can only place every replica on itself (broker ${self})` };
      }
      if (replicationFactor > 1) {
        return { errorName: "INVALID_REPLICATION_FACTOR", message: `replication factor ${replicationFactor} is larger than the 1 available broker` };
      }
      if (this.#topics.has(name)) return { errorName: "TOPIC_ALREADY_EXISTS", message: `topic '${name}' already exists` };
      const overLimit = partitionLimitProblem(this.#partitionTotal(), partitionCount, this.maxPartitions);
      if (overLimit !== null) return overLimit;
      const id = randomUUID();
      // Logs first, metadata second: a crash in between leaves orphan directories, never a topic without logs.
      const opened = await this.#openNewPartitions(name, config, 0, partitionCount);
      if (!opened.ok) return opened.error;
      const { partitions } = opened;
      this.#metadata.topics[name] = { id, partitions: partitionCount, config, explicitConfig: [...explicitConfig], createdAt: this.resources.clock.now() };
      try {
        await this.store.save(this.#metadata);
      } catch (cause) {
        delete this.#metadata.topics[name];
        await this.#discardNewPartitions(name, config, 0, partitionCount, partitions);
        return storageProblem(`saving the metadata of new topic '${name}'`, cause);
      }
      this.#topics.set(name, { name, id, config, explicitConfig, partitions });
      this.resources.logger.info({ topic: name, partitions: partitionCount }, "topic created");
      return null;
    });
  }

  delete(name: string): Promise<TopicChangeError | null> {
    return this.#serialize(async () => {
      const topic = this.#topics.get(name);
      if (topic === undefined) return { errorName: "UNKNOWN_TOPIC_OR_PARTITION", message: `topic '${name}' does not exist` };
      this.#topics.delete(name);
      await Promise.all(topic.partitions.map((p) => p.log.close()));
      // Aside first, metadata second: a crash in between restores the topic instead of leaving unowned data.
      const remove = await moveAsideForDeletion(
        this.dataDir,
        topic.id,
        topic.partitions.map((p) => `${name}-${p.index}`),
      );
      delete this.#metadata.topics[name];
      try {
        await this.store.save(this.#metadata);
      } catch (cause) {
        // The metadata still lists the topic: the next start restores it from the directories set aside.
        return storageProblem(`deleting topic '${name}'`, cause);
      }
      await remove();
      this.resources.logger.info({ topic: name }, "topic deleted");
      return null;
    });
  }

  addPartitions(name: string, total: number): Promise<TopicChangeError | null> {
    return this.#serialize(async () => {
      const topic = this.#topics.get(name);
      const stored = this.#metadata.topics[name];
      if (topic === undefined || stored === undefined) return { errorName: "UNKNOWN_TOPIC_OR_PARTITION", message: `topic '${name}' does not exist` };
      const existing = topic.partitions.length;
      if (total <= existing) {
        return { errorName: "INVALID_PARTITIONS", message: `topic '${name}' has ${existing} partitions; the new count must be larger, got ${total}` };
      }
      if (total > MAX_PARTITIONS_PER_TOPIC) return { errorName: "INVALID_PARTITIONS", message: `a topic may have at most ${MAX_PARTITIONS_PER_TOPIC} partitions, got ${total}` };
      const overLimit = partitionLimitProblem(this.#partitionTotal(), total - existing, this.maxPartitions);
      if (overLimit !== null) return overLimit;
      const opened = await this.#openNewPartitions(name, topic.config, existing, total);
      if (!opened.ok) return opened.error;
      stored.partitions = total;
      try {
        await this.store.save(this.#metadata);
      } catch (cause) {
        stored.partitions = existing;
        await this.#discardNewPartitions(name, topic.config, existing, total, opened.partitions);
        return storageProblem(`saving the metadata of topic '${name}' with ${total} partitions`, cause);
      }
      topic.partitions.push(...opened.partitions);
      return null;
    });
  }

  alterConfig(name: string, config: TopicConfig, explicitConfig: readonly string[]): Promise<TopicChangeError | null> {
    return this.#serialize(async () => {
      const topic = this.#topics.get(name);
      const stored = this.#metadata.topics[name];
      if (topic === undefined || stored === undefined) return { errorName: "UNKNOWN_TOPIC_OR_PARTITION", message: `topic '${name}' does not exist` };
      stored.config = config;
      stored.explicitConfig = [...explicitConfig];
      await this.store.save(this.#metadata);
      this.#topics.set(name, { ...topic, config, explicitConfig: [...explicitConfig] });
      for (const partition of topic.partitions) partition.log.reconfigure(logConfigFor(this.dataDir, name, partition.index, config));
      this.resources.logger.info({ topic: name, explicitConfig }, "topic configs changed");
      return null;
    });
  }

  /** A producer id never handed out before, even across restarts. */
  allocateProducerId(): Promise<number> {
    return this.#serialize(async () => {
      if (this.#nextProducerId >= this.#producerIdCeiling) {
        this.#producerIdCeiling = this.#nextProducerId + PRODUCER_ID_BLOCK;
        this.#metadata.nextProducerId = this.#producerIdCeiling;
        await this.store.save(this.#metadata);
      }
      return this.#nextProducerId++;
    });
  }

  /** Ids below the next one were handed out; after a restart that is the persisted ceiling, which covers them all. */
  producerIdIssued(producerId: number): boolean {
    return producerId < this.#nextProducerId;
  }

  async enforceRetention(): Promise<void> {
    for (const topic of this.#topics.values()) {
      for (const partition of topic.partitions) await partition.log.enforceRetention();
    }
  }

  /** One log-cleaner pass over every partition (compacted topics only do anything). */
  cleanLogs(): Promise<void> {
    return cleanPartitions(
      [...this.#topics.values()].flatMap((topic) => topic.partitions),
      this.resources.logger,
    );
  }

  async close(): Promise<void> {
    await this.#mutations;
    const failures: unknown[] = [];
    for (const topic of this.#topics.values()) {
      for (const partition of topic.partitions) {
        await partition.log.close().catch((cause: unknown) => failures.push(cause));
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, "closing partition logs failed");
  }
}
