import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { PartitionLog, type PartitionLogConfig } from "../log/partition-log.js";
import type { ClusterMetadata, MetadataStore } from "../metadata/metadata-store.js";
import type { EngineResources } from "../broker/resources.js";
import { moveAsideForDeletion, reconcilePartitionDirectories } from "./partition-directories.js";
import { Partition } from "./partition.js";
import type { TopicConfig } from "./topic-config.js";
import type { BrokerAddress, TopicChangeError, TopicDescription, TopicsView } from "./topics-view.js";

/** Producer ids are handed out in blocks persisted ahead of use, so ids stay unique across restarts. */
const PRODUCER_ID_BLOCK = 1000;

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
    retentionMs: config["retention.ms"] < 0 ? null : config["retention.ms"],
    retentionBytes: config["retention.bytes"] < 0 ? null : config["retention.bytes"],
    indexIntervalBytes: 4096,
    durability:
      config["freshet.durability"] === "interval"
        ? { mode: "interval", intervalMs: config["flush.ms"] }
        : { mode: config["freshet.durability"] },
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
  ) {
    this.#metadata = metadata;
    this.#nextProducerId = metadata.nextProducerId;
    this.#producerIdCeiling = metadata.nextProducerId;
  }

  static async open(dataDir: string, store: MetadataStore, resources: EngineResources, self: BrokerAddress): Promise<TopicRegistry> {
    const loaded = await store.load();
    const metadata = loaded.metadata ?? { version: 1 as const, clusterId: randomUUID(), nextProducerId: 0, topics: {} };
    const rebuilt = await reconcilePartitionDirectories(dataDir, metadata, resources);
    await store.save(metadata);
    const registry = new TopicRegistry(dataDir, store, resources, self, metadata);
    for (const [name, topic] of Object.entries(metadata.topics)) {
      const partitions = await registry.#openPartitions(name, topic.config, 0, topic.partitions);
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

  async #openPartitions(name: string, config: TopicConfig, from: number, to: number): Promise<Partition[]> {
    const partitions: Partition[] = [];
    for (let index = from; index < to; index++) {
      const log = await PartitionLog.open(logConfigFor(this.dataDir, name, index, config), this.resources);
      const partition = new Partition(name, index, log, this.resources.clock, this.self.nodeId);
      await partition.becomeLeader(0, [this.self.nodeId], [this.self.nodeId]);
      await partition.recoverProducers();
      partitions.push(partition);
    }
    return partitions;
  }

  #serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#mutations.then(work);
    this.#mutations = next.catch(() => undefined);
    return next;
  }

  create(name: string, partitionCount: number, replicationFactor: number, config: TopicConfig, explicitConfig: readonly string[] = []): Promise<TopicChangeError | null> {
    return this.#serialize(async () => {
      if (replicationFactor > 1) {
        return { errorName: "INVALID_REPLICATION_FACTOR", message: `replication factor ${replicationFactor} is larger than the 1 available broker` };
      }
      if (this.#topics.has(name)) return { errorName: "TOPIC_ALREADY_EXISTS", message: `topic '${name}' already exists` };
      const id = randomUUID();
      // Logs first, metadata second: a crash in between leaves orphan directories, never a topic without logs.
      const partitions = await this.#openPartitions(name, config, 0, partitionCount);
      this.#metadata.topics[name] = { id, partitions: partitionCount, config, explicitConfig: [...explicitConfig], createdAt: this.resources.clock.now() };
      await this.store.save(this.#metadata);
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
      const remove = await moveAsideForDeletion(this.dataDir, topic.id, topic.partitions.map((p) => `${name}-${p.index}`));
      delete this.#metadata.topics[name];
      await this.store.save(this.#metadata);
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
      if (total <= topic.partitions.length) {
        return { errorName: "INVALID_PARTITIONS", message: `topic '${name}' has ${topic.partitions.length} partitions; the new count must be larger, got ${total}` };
      }
      const added = await this.#openPartitions(name, topic.config, topic.partitions.length, total);
      stored.partitions = total;
      await this.store.save(this.#metadata);
      topic.partitions.push(...added);
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

  async enforceRetention(): Promise<void> {
    for (const topic of this.#topics.values()) {
      for (const partition of topic.partitions) await partition.log.enforceRetention();
    }
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
