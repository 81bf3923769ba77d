import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import type { EngineResources } from "../system/resources.js";
import { OffsetStore, type OffsetLog } from "../groups/offset-store.js";
import type { OffsetCommitEntry, OffsetStorage } from "../groups/offset-storage.js";
import type { Partition } from "../topics/partition.js";
import { defaultTopicConfig } from "../topics/topic-config.js";
import type { BrokerAddress } from "../topics/topics-view.js";
import type { ReplicaManager } from "./replica-manager.js";

export const OFFSETS_TOPIC = "__consumer_offsets";
export const OFFSETS_PARTITIONS = 4;
const COMMIT_TIMEOUT_MS = 30_000;

/** Kafka's coordinator placement: abs(groupId.hashCode) % partitions, with Java's String.hashCode. */
export function offsetsPartitionFor(groupId: string): number {
  let hash = 0;
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(hash, 31) + groupId.charCodeAt(i)) | 0;
  return Math.abs(hash) % OFFSETS_PARTITIONS;
}

/** Commits go through the replicated partition and count only once the ISR holds them. */
function offsetLogOf(partition: Partition): OffsetLog {
  return {
    get logStartOffset() {
      return partition.log.logStartOffset;
    },
    get logEndOffset() {
      return partition.log.logEndOffset;
    },
    read: (...args) => partition.log.read(...args),
    async appendCommitted(batch) {
      const header = readBatchHeader(batch);
      const appended = await partition.append(batch, header);
      if (!appended.ok) throw new Error(`offset commit not stored: ${appended.message}`);
      const reached = await partition.waitForHighWatermark(appended.baseOffset + header.lastOffsetDelta, COMMIT_TIMEOUT_MS);
      if (reached !== "reached") throw new Error(`offset commit not replicated: ${reached}`);
    },
    close: async () => undefined,
  };
}

/**
 * Committed offsets in a cluster: the offsets topic is an ordinary replicated topic;
 * this SPU coordinates the groups whose offsets partition it leads, loading that
 * partition's commits when it becomes leader and dropping them when it stops.
 */
export class ReplicatedOffsets implements OffsetStorage {
  readonly #stores = new Map<number, OffsetStore>();
  #syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly replicas: ReplicaManager,
    private readonly resources: EngineResources,
  ) {
    replicas.onRolesChanged(() => {
      this.#syncing = this.#syncing.then(() => this.#sync()).catch((error: unknown) => resources.logger.error({ err: error }, "loading offsets failed"));
    });
  }

  async #sync(): Promise<void> {
    for (let index = 0; index < OFFSETS_PARTITIONS; index++) {
      const partition = this.replicas.local(OFFSETS_TOPIC, index);
      const leads = partition?.isLeader === true;
      if (!leads) {
        this.#stores.delete(index);
        continue;
      }
      if (this.#stores.has(index)) continue;
      this.#stores.set(index, await OffsetStore.load(offsetLogOf(partition)));
      this.resources.logger.info({ partition: index }, "coordinating groups of offsets partition");
    }
  }

  /** Where clients find the coordinator of `groupId`; creates the offsets topic on first use. */
  async coordinatorOf(groupId: string): Promise<BrokerAddress | null> {
    if (this.replicas.describe(OFFSETS_TOPIC) === undefined) {
      const replication = Math.min(3, this.replicas.brokers().length);
      const problem = await this.replicas.ensureInternalTopic(OFFSETS_TOPIC, OFFSETS_PARTITIONS, replication, { ...defaultTopicConfig(), "retention.ms": -1, "cleanup.policy": "compact" });
      if (problem !== null) this.resources.logger.warn({ reason: problem.message }, "cannot create the offsets topic");
    }
    const leader = this.replicas.describe(OFFSETS_TOPIC)?.partitions[offsetsPartitionFor(groupId)]?.leader ?? -1;
    return this.replicas.brokers().find((b) => b.nodeId === leader) ?? null;
  }

  owns(groupId: string): boolean {
    return this.#stores.has(offsetsPartitionFor(groupId));
  }

  #store(groupId: string): OffsetStore {
    const store = this.#stores.get(offsetsPartitionFor(groupId));
    if (store === undefined) throw new Error(`not the coordinator of group '${groupId}'`);
    return store;
  }

  commit(groupId: string, entries: readonly OffsetCommitEntry[]): Promise<void> {
    return this.#store(groupId).commit(groupId, entries);
  }

  committedFor(groupId: string) {
    return this.#stores.get(offsetsPartitionFor(groupId))?.committedFor(groupId) ?? new Map();
  }

  groups(): string[] {
    return [...this.#stores.values()].flatMap((s) => s.groups());
  }

  async deleteGroup(groupId: string): Promise<void> {
    await this.#store(groupId).deleteGroup(groupId);
  }

  async deleteOffsets(groupId: string, partitions: readonly { topic: string; partition: number }[]): Promise<void> {
    await this.#store(groupId).deleteOffsets(groupId, partitions);
  }

  async deleteTopic(topic: string): Promise<void> {
    for (const store of this.#stores.values()) await store.deleteTopic(topic);
  }

  async close(): Promise<void> {
    await this.#syncing;
    this.#stores.clear();
  }
}
