import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import { fetch } from "@freshet/protocol/messages/fetch";
import { Attributes } from "@freshet/protocol/records/batch-header";
import { decodeRecordBatch } from "@freshet/protocol/records/decode-batch";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import type { Cluster } from "../cluster/cluster.js";
import { listPartitionOffsets } from "../cluster/list-offsets.js";
import { backoffDelay, isRetriableError } from "../cluster/retry.js";
import { sleep } from "../time/clock.js";
import { RecordDecodeError, type ConsumedRecord } from "./consumed-record.js";

export interface FetcherOptions {
  /** Long-poll wait when no data is ready. Default 500 ms (librdkafka's fetch.wait.max.ms). */
  readonly maxWaitMs?: number;
  /** Per-partition byte limit; a larger first batch still comes whole (KIP-74). Default 1 MiB. */
  readonly partitionMaxBytes?: number;
  /** Whole-response byte limit. Default 50 MiB. */
  readonly maxBytes?: number;
  /** Per partition: stop it once its position reaches this offset. */
  readonly endOffsets?: ReadonlyMap<number, number>;
  /** Where to go after OFFSET_OUT_OF_RANGE. Default "earliest". */
  readonly onOutOfRange?: "earliest" | "latest";
  readonly signal?: AbortSignal;
}

const OFFSET_OUT_OF_RANGE = errorCode("OFFSET_OUT_OF_RANGE");
const READ_UNCOMMITTED = 0;

interface FetchOutcome {
  readonly leader: number;
  readonly partitions: readonly number[];
  readonly records: ConsumedRecord[];
  readonly error: unknown;
}

/**
 * Reads partitions of one topic from their positions on, with one long-polling
 * Fetch in flight per leader (on the fetch lane), so a quiet broker never delays
 * records from a busy one.
 */
export class PartitionFetcher {
  readonly #cluster: Cluster;
  readonly #topic: string;
  readonly #options: FetcherOptions;
  readonly #positions: Map<number, number>;
  readonly #inFlight = new Map<number, Promise<FetchOutcome>>();
  readonly #busy = new Set<number>();
  readonly #lane: string;
  #consecutiveFailures = 0;

  constructor(cluster: Cluster, topic: string, positions: ReadonlyMap<number, number>, options: FetcherOptions = {}) {
    this.#cluster = cluster;
    this.#topic = topic;
    this.#positions = new Map(positions);
    this.#options = options;
    this.#lane = cluster.newLane("fetch");
  }

  /** The next offset to read per partition (what a group commits). */
  get positions(): ReadonlyMap<number, number> {
    return this.#positions;
  }

  #active(): number[] {
    const ends = this.#options.endOffsets;
    return [...this.#positions].filter(([partition, position]) => ends === undefined || position < (ends.get(partition) ?? Number.POSITIVE_INFINITY)).map(([partition]) => partition);
  }

  /** True once every partition reached its end offset (only with `endOffsets`). */
  get finished(): boolean {
    return this.#options.endOffsets !== undefined && this.#active().length === 0;
  }

  /**
   * The records of the next Fetch answer that has any (possibly an empty array
   * after errors or empty long polls); null once finished.
   */
  async next(): Promise<ConsumedRecord[] | null> {
    if (this.finished) return null;
    await this.#launch();
    const outcome = await Promise.race(this.#inFlight.values());
    this.#inFlight.delete(outcome.leader);
    for (const partition of outcome.partitions) this.#busy.delete(partition);
    if (outcome.error !== null) {
      await this.#recover(outcome.error);
      return [];
    }
    this.#consecutiveFailures = 0;
    return outcome.records;
  }

  async #launch(): Promise<void> {
    const idle = this.#active().filter((p) => !this.#busy.has(p));
    const byLeader = new Map<number, number[]>();
    for (const partition of idle) {
      const leader = await this.#cluster.leaderOf(this.#topic, partition).catch(() => -1);
      if (leader < 0) continue;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
    }
    for (const [leader, partitions] of byLeader) {
      if (this.#inFlight.has(leader)) continue;
      for (const p of partitions) this.#busy.add(p);
      this.#inFlight.set(leader, this.#fetchFrom(leader, partitions));
    }
    if (this.#inFlight.size === 0) {
      // Every partition is leaderless right now: wait, then look again.
      this.#cluster.invalidateMetadata();
      const waited = (): FetchOutcome => ({ leader: -1, partitions: [], records: [], error: null });
      // Settles either way: an abort ends the wait, and the caller checks its signal.
      this.#inFlight.set(-1, sleep(this.#cluster.clock, backoffDelay(this.#cluster.retryPolicy, 0), this.#options.signal).then(waited, waited));
    }
  }

  async #fetchFrom(leader: number, partitions: readonly number[]): Promise<FetchOutcome> {
    try {
      const records = await this.#fetchRecords(leader, partitions);
      return { leader, partitions, records, error: null };
    } catch (error) {
      return { leader, partitions, records: [], error };
    }
  }

  async #fetchRecords(leader: number, partitions: readonly number[]): Promise<ConsumedRecord[]> {
    const connection = await this.#cluster.connectionTo(leader, this.#lane);
    const maxWaitMs = this.#options.maxWaitMs ?? 500;
    const response = await connection.request(
      fetch,
      {
        replicaId: -1,
        maxWaitMs,
        minBytes: 1,
        maxBytes: this.#options.maxBytes ?? 50 * 1024 * 1024,
        isolationLevel: READ_UNCOMMITTED,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topic: this.#topic,
            topicId: ZERO_UUID,
            partitions: partitions.map((partition) => ({
              partition,
              currentLeaderEpoch: -1,
              fetchOffset: BigInt(this.#positions.get(partition)!),
              lastFetchedEpoch: -1,
              logStartOffset: -1n,
              partitionMaxBytes: this.#options.partitionMaxBytes ?? 1024 * 1024,
            })),
          },
        ],
        forgottenTopicsData: [],
        rackId: "",
      },
      { timeoutMs: maxWaitMs + 30_000 },
    );
    if (response.errorCode !== 0) throw new KafkaProtocolError(response.errorCode, `fetch from broker ${leader}`);
    const records: ConsumedRecord[] = [];
    for (const topic of response.responses) {
      for (const answer of topic.partitions) {
        if (!this.#positions.has(answer.partitionIndex)) continue;
        if (answer.errorCode === OFFSET_OUT_OF_RANGE) {
          await this.#resetOutOfRange(answer.partitionIndex);
          continue;
        }
        if (answer.errorCode !== 0) throw new KafkaProtocolError(answer.errorCode, `fetch ${this.#topic}/${answer.partitionIndex}`);
        if (answer.records !== null) records.push(...(await this.#decode(answer.partitionIndex, answer.records)));
      }
    }
    return records;
  }

  async #decode(partition: number, recordSet: Uint8Array): Promise<ConsumedRecord[]> {
    const out: ConsumedRecord[] = [];
    // A trailing partial batch is normal (the broker may cut the set); it comes again next time.
    for (const bytes of splitBatches(recordSet).batches) {
      const decoded = await decodeRecordBatch(bytes);
      if (!decoded.ok) throw new RecordDecodeError(this.#topic, partition, decoded.error);
      const { header, records } = decoded.value;
      const position = this.#positions.get(partition)!;
      const next = header.baseOffset + header.lastOffsetDelta + 1;
      // Control batches (transaction markers) are skipped but still move the position.
      if ((header.attributes & Attributes.control) === 0) {
        for (const record of records) {
          // A batch may start before the requested offset: skip what was asked past.
          if (record.offset < position) continue;
          out.push({ topic: this.#topic, partition, offset: record.offset, timestamp: record.timestamp, key: record.key, value: record.value, headers: record.headers });
        }
      }
      if (next > position) this.#positions.set(partition, next);
    }
    const end = this.#options.endOffsets?.get(partition);
    return end === undefined ? out : out.filter((r) => r.offset < end);
  }

  async #resetOutOfRange(partition: number): Promise<void> {
    const spec = this.#options.onOutOfRange ?? "earliest";
    const offsets = await listPartitionOffsets(this.#cluster, this.#topic, [partition], spec);
    this.#positions.set(partition, offsets.get(partition)!);
  }

  async #recover(error: unknown): Promise<void> {
    if (!isRetriableError(error) || this.#consecutiveFailures >= this.#cluster.retryPolicy.retries) throw error;
    this.#consecutiveFailures += 1;
    this.#cluster.invalidateMetadata();
    await sleep(this.#cluster.clock, backoffDelay(this.#cluster.retryPolicy, this.#consecutiveFailures - 1), this.#options.signal);
  }

  /** Ends fetching (fetches in flight are dropped); positions stay readable. */
  close(): void {
    this.#inFlight.clear();
    this.#busy.clear();
    this.#cluster.closeLane(this.#lane);
  }
}
