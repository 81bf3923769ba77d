import type { CompressionName } from "@freshet/protocol/compression/codec";
import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { produce } from "@freshet/protocol/messages/produce";
import { buildRecordBatch, type RecordToBuild } from "@freshet/protocol/records/build-batch";
import type { Cluster } from "../cluster/cluster.js";
import { UnknownPartitionError } from "../cluster/cluster-errors.js";
import { ConnectionError } from "../connection/connection-error.js";
import { initProducerIdentity, SequenceNumbers, type ProducerIdentity } from "./idempotence.js";
import { createDefaultPartitioner, type Partitioner } from "./partitioner.js";
import { estimatedRecordBytes, toRecordToBuild, type ProducerRecord } from "./producer-record.js";

/** 0 = fire and forget, 1 = leader appended, -1 ("all") = every in-sync replica has it. */
export type Acks = 0 | 1 | -1;

export interface SendOptions {
  readonly acks?: Acks;
  readonly compression?: CompressionName;
  readonly timeoutMs?: number;
}

export interface RecordMetadata {
  readonly partition: number;
  /** -1 with acks=0: the broker does not answer. */
  readonly offset: number;
}

export interface ProducerOptions {
  readonly partitioner?: Partitioner;
  /** InitProducerId + per-partition sequence numbers: retries cannot duplicate. Requires acks=-1. */
  readonly idempotent?: boolean;
  /** Upper bound of one batch's uncompressed records; Kafka's max.message.bytes is ~1 MiB. */
  readonly maxBatchBytes?: number;
}

export const DEFAULT_MAX_BATCH_BYTES = 1_000_000;
const DEFAULT_PRODUCE_TIMEOUT_MS = 30_000;
/** The first Produce version that carries record batch v2. */
const MIN_PRODUCE_VERSION = 3;

interface PendingBatch {
  readonly partition: number;
  readonly bytes: Uint8Array;
  /** Indexes of the batch's records in the caller's array, in order. */
  readonly indexes: readonly number[];
}

/** Splits one partition's records into batches below the size bound, keeping order. */
function chunkBySize(indexes: readonly number[], records: readonly RecordToBuild[], maxBytes: number): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let size = 0;
  for (const index of indexes) {
    const bytes = estimatedRecordBytes(records[index]!);
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(index);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export class Producer {
  readonly #cluster: Cluster;
  readonly #partitioner: Partitioner;
  readonly #idempotent: boolean;
  readonly #maxBatchBytes: number;
  #identity: Promise<ProducerIdentity> | null = null;
  #sequences = new SequenceNumbers();
  /** Idempotent sends run one at a time so sequences reach each partition in order. */
  #serial: Promise<unknown> = Promise.resolve();

  constructor(cluster: Cluster, options: ProducerOptions = {}) {
    this.#cluster = cluster;
    this.#partitioner = options.partitioner ?? createDefaultPartitioner(Math.floor(Math.random() * 0x7fffffff));
    this.#idempotent = options.idempotent ?? false;
    this.#maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  }

  /** Sends `records` to `topic`; resolves with each record's partition and offset, in input order. */
  send(topic: string, records: readonly ProducerRecord[], options: SendOptions = {}): Promise<RecordMetadata[]> {
    if (!this.#idempotent) return this.#send(topic, records, options);
    if ((options.acks ?? -1) !== -1) return Promise.reject(new RangeError("an idempotent producer needs acks=-1 (all)"));
    const run = this.#serial.then(() => this.#send(topic, records, options));
    this.#serial = run.catch(() => undefined);
    return run;
  }

  async #send(topic: string, records: readonly ProducerRecord[], options: SendOptions): Promise<RecordMetadata[]> {
    if (records.length === 0) return [];
    const acks = options.acks ?? -1;
    const info = await this.#cluster.retry(() => this.#cluster.topic(topic));
    const now = this.#cluster.clock.now();
    const built = records.map((r) => toRecordToBuild(r, now));
    const partitionOf = records.map((record, i) => {
      const partition = this.#partitioner({ key: built[i]!.key ?? null, partition: record.partition }, info.partitions);
      if (!info.partitions.some((p) => p.partition === partition)) throw new UnknownPartitionError(topic, partition, info.partitions.length);
      return partition;
    });
    const byPartition = new Map<number, number[]>();
    partitionOf.forEach((partition, index) => {
      const list = byPartition.get(partition);
      if (list) list.push(index);
      else byPartition.set(partition, [index]);
    });
    const chunked = [...byPartition].map(([partition, indexes]) => ({ partition, chunks: chunkBySize(indexes, built, this.#maxBatchBytes) }));
    const offsets = new Array<RecordMetadata>(records.length);
    try {
      // Round i carries the i-th batch of every partition: one batch per partition per request.
      const rounds = Math.max(...chunked.map((c) => c.chunks.length));
      for (let round = 0; round < rounds; round++) {
        const batches: PendingBatch[] = [];
        for (const { partition, chunks } of chunked) {
          const indexes = chunks[round];
          if (indexes)
            batches.push({
              partition,
              indexes,
              bytes: await this.#build(
                topic,
                partition,
                indexes.map((i) => built[i]!),
                options,
              ),
            });
        }
        await this.#deliver(topic, batches, acks, options.timeoutMs ?? DEFAULT_PRODUCE_TIMEOUT_MS, offsets);
      }
    } catch (error) {
      // A failed idempotent batch leaves a sequence gap: start over with a new producer id.
      if (this.#idempotent) {
        this.#identity = null;
        this.#sequences = new SequenceNumbers();
      }
      throw error;
    }
    return offsets;
  }

  async #build(topic: string, partition: number, records: RecordToBuild[], options: SendOptions): Promise<Uint8Array> {
    if (!this.#idempotent) return buildRecordBatch({ records, compression: options.compression ?? "none" });
    this.#identity ??= initProducerIdentity(this.#cluster);
    const identity = await this.#identity;
    return buildRecordBatch({
      records,
      compression: options.compression ?? "none",
      producerId: identity.producerId,
      producerEpoch: identity.producerEpoch,
      baseSequence: this.#sequences.take(topic, partition, records.length),
    });
  }

  /** Sends batches to their leaders, retrying only the partitions that failed retriably. */
  async #deliver(topic: string, batches: readonly PendingBatch[], acks: Acks, timeoutMs: number, offsets: RecordMetadata[]): Promise<void> {
    let pending = [...batches];
    await this.#cluster.retry(async () => {
      const byLeader = new Map<number, PendingBatch[]>();
      for (const batch of pending) {
        const leader = await this.#cluster.leaderOf(topic, batch.partition);
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), batch]);
      }
      const remaining: PendingBatch[] = [];
      const failures: unknown[] = [];
      await Promise.all(
        [...byLeader].map(async ([leader, owned]) => {
          try {
            const outcome = await this.#produceTo(leader, topic, owned, acks, timeoutMs, offsets);
            remaining.push(...outcome.failed);
            if (outcome.error) failures.push(outcome.error);
          } catch (error) {
            remaining.push(...owned);
            failures.push(error);
          }
        }),
      );
      pending = remaining;
      const permanent = failures.find((f) => (f as { retriable?: unknown }).retriable !== true);
      if (permanent !== undefined) throw permanent;
      if (failures.length > 0) throw failures[0];
    });
  }

  async #produceTo(
    leader: number,
    topic: string,
    batches: readonly PendingBatch[],
    acks: Acks,
    timeoutMs: number,
    offsets: RecordMetadata[],
  ): Promise<{ failed: PendingBatch[]; error: KafkaProtocolError | null }> {
    const connection = await this.#cluster.connectionTo(leader);
    const version = connection.versionOf(produce);
    if (version === undefined || version < MIN_PRODUCE_VERSION) {
      throw new ConnectionError("unsupported", connection.address, `broker ${leader} does not accept Produce v${MIN_PRODUCE_VERSION}+ (record batch v2)`);
    }
    const request = {
      transactionalId: null,
      acks,
      timeoutMs,
      topicData: [{ name: topic, partitionData: batches.map((b) => ({ index: b.partition, records: b.bytes })) }],
    };
    if (acks === 0) {
      await connection.sendWithoutResponse(produce, request);
      for (const batch of batches) for (const index of batch.indexes) offsets[index] = { partition: batch.partition, offset: -1 };
      return { failed: [], error: null };
    }
    // acks=-1 may wait up to timeoutMs on the broker before it answers.
    const response = await connection.request(produce, request, { timeoutMs: timeoutMs + 5_000 });
    const answers = new Map(response.responses.flatMap((t) => t.partitionResponses.map((p) => [p.index, p] as const)));
    let error: KafkaProtocolError | null = null;
    const failed: PendingBatch[] = [];
    for (const batch of batches) {
      const answer = answers.get(batch.partition);
      if (answer === undefined || answer.errorCode !== 0) {
        const failure = new KafkaProtocolError(answer?.errorCode ?? -1, `produce to ${topic}/${batch.partition}`);
        // Report a permanent failure over a retriable one.
        if (error === null || (error.retriable && !failure.retriable)) error = failure;
        failed.push(batch);
        continue;
      }
      const base = Number(answer.baseOffset);
      batch.indexes.forEach((index, i) => {
        offsets[index] = { partition: batch.partition, offset: base + i };
      });
    }
    return { failed, error };
  }
}
