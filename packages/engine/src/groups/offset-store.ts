import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { decodeRecordBatch } from "@freshet/protocol/records/decode-batch";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import type { EngineResources } from "../system/resources.js";
import { PartitionLog } from "../log/partition-log.js";
import type { OffsetCommitEntry, OffsetStorage } from "./offset-storage.js";

export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string;
}

const READ_CHUNK_BYTES = 4 * 1024 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

type OffsetKey = [group: string, topic: string, partition: number];

/** Kafka's defaults for __consumer_offsets: cleanup.policy=compact, delete.retention.ms one day. */
export const OFFSETS_COMPACTION = { deleteRetentionMs: 24 * 3600 * 1000, minCompactionLagMs: 0, maxCompactionLagMs: Number.MAX_SAFE_INTEGER, minCleanableDirtyRatio: 0.5 } as const;

/** Where commits are recorded: a local log alone, a replicated partition in a cluster. */
export interface OffsetLog {
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  read(fetchOffset: number, maxBytes: number, upTo: number, minOneBatch: boolean): Promise<{ chunks: Uint8Array[]; bytes: number }>;
  /** Resolves once the batch is safe: durable alone, held by every in-sync replica in a cluster. */
  appendCommitted(batch: Uint8Array): Promise<void>;
  /** A cleaner pass over a log this store owns (a cluster's replicas clean their own partitions). */
  compact?(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Committed offsets of the groups whose commits go to one log (Kafka's
 * __consumer_offsets partition): each commit is one record keyed by (group, topic,
 * partition), a null value deletes. The log is replayed when the store loads.
 */
export class OffsetStore implements OffsetStorage {
  /** group → "topic\0partition" → offset */
  readonly #offsets = new Map<string, Map<string, CommittedOffset>>();

  private constructor(private readonly log: OffsetLog) {}

  static async load(log: OffsetLog): Promise<OffsetStore> {
    const store = new OffsetStore(log);
    await store.#replay();
    return store;
  }

  /**
   * The store of a broker running alone: its own durable internal log, compacted as
   * Kafka's __consumer_offsets is (the replay keeps the latest record per key, and a
   * deleted group's tombstones outlive its commits by delete.retention.ms).
   */
  static async openLocal(dir: string, resources: EngineResources, segmentBytes = 64 * 1024 * 1024): Promise<OffsetStore> {
    const log = await PartitionLog.open(
      {
        dir,
        segmentBytes,
        segmentMs: 7 * 24 * 3600 * 1000,
        retentionMs: null,
        retentionBytes: null,
        indexIntervalBytes: 4096,
        durability: { mode: "batch" },
        compaction: OFFSETS_COMPACTION,
      },
      resources,
    );
    return OffsetStore.load({
      compact: () => log.clean(),
      get logStartOffset() {
        return log.logStartOffset;
      },
      get logEndOffset() {
        return log.logEndOffset;
      },
      read: (...args) => log.read(...args),
      appendCommitted: async (batch) => void (await log.append(batch)),
      close: () => log.close(),
    });
  }

  /** One log-cleaner pass over the commits' log, when it can be compacted here (a local log). */
  async compact(): Promise<void> {
    await this.log.compact?.();
  }

  /** A broker running alone coordinates every group. */
  owns(): boolean {
    return true;
  }

  async #replay(): Promise<void> {
    let offset = this.log.logStartOffset;
    const end = this.log.logEndOffset;
    while (offset < end) {
      const read = await this.log.read(offset, READ_CHUNK_BYTES, end, true);
      if (read.bytes === 0) break;
      for (const chunk of read.chunks) {
        for (const batch of splitBatches(chunk).batches) {
          const decoded = await decodeRecordBatch(batch);
          if (!decoded.ok) throw new Error(`offsets log is unreadable at offset ${offset}: ${decoded.error.message}`);
          for (const record of decoded.value.records) {
            if (record.key === null) continue;
            const [group, topic, partition] = JSON.parse(decoder.decode(record.key)) as OffsetKey;
            const value = record.value === null ? null : (JSON.parse(decoder.decode(record.value)) as CommittedOffset);
            this.#apply(group, topic, partition, value);
          }
          const header = readBatchHeader(batch);
          offset = header.baseOffset + header.lastOffsetDelta + 1;
        }
      }
    }
  }

  #apply(group: string, topic: string, partition: number, value: CommittedOffset | null): void {
    const key = offsetKey(topic, partition);
    let offsets = this.#offsets.get(group);
    if (value === null) {
      offsets?.delete(key);
      if (offsets?.size === 0) this.#offsets.delete(group);
      return;
    }
    if (offsets === undefined) {
      offsets = new Map();
      this.#offsets.set(group, offsets);
    }
    offsets.set(key, value);
  }

  async #write(entries: { key: OffsetKey; value: CommittedOffset | null }[]): Promise<void> {
    if (entries.length === 0) return;
    const batch = await buildRecordBatch({
      records: entries.map((e) => ({
        key: encoder.encode(JSON.stringify(e.key)),
        value: e.value === null ? null : encoder.encode(JSON.stringify(e.value)),
      })),
      compression: "none",
    });
    await this.log.appendCommitted(batch);
    for (const { key, value } of entries) this.#apply(key[0], key[1], key[2], value);
  }

  /** Durable before it resolves; negative offsets are stored verbatim (kafkajs resetOffsets commits -1/-2). */
  commit(group: string, entries: readonly OffsetCommitEntry[]): Promise<void> {
    return this.#write(entries.map((e) => ({ key: [group, e.topic, e.partition], value: { offset: e.offset, metadata: e.metadata ?? "" } })));
  }

  /** Offsets of one group keyed by "topic\0partition". */
  committedFor(group: string): Map<string, CommittedOffset> {
    return new Map(this.#offsets.get(group) ?? []);
  }

  groups(): string[] {
    return [...this.#offsets.keys()];
  }

  deleteGroup(group: string): Promise<void> {
    const keys = [...(this.#offsets.get(group)?.keys() ?? [])];
    return this.#write(keys.map((k) => ({ key: [group, ...splitKey(k)], value: null })));
  }

  /** Drops the group's committed offsets of these partitions (OffsetDelete). */
  deleteOffsets(group: string, partitions: readonly { topic: string; partition: number }[]): Promise<void> {
    const committed = this.#offsets.get(group);
    const doomed = partitions.filter((p) => committed?.has(offsetKey(p.topic, p.partition)));
    return this.#write(doomed.map((p) => ({ key: [group, p.topic, p.partition], value: null })));
  }

  deleteTopic(topic: string): Promise<void> {
    const doomed: { key: OffsetKey; value: null }[] = [];
    for (const [group, offsets] of this.#offsets) {
      for (const k of offsets.keys()) {
        const [t, p] = splitKey(k);
        if (t === topic) doomed.push({ key: [group, t, p], value: null });
      }
    }
    return this.#write(doomed);
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

export function offsetKey(topic: string, partition: number): string {
  return `${topic}\0${partition}`;
}

function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf("\0");
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
