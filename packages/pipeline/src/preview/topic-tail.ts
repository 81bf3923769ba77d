import type { FreshetClient } from "@freshet/client/client";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import { PartitionFetcher } from "@freshet/client/consumer/partition-fetcher";
import type { DataflowInput } from "@freshet/dataflow/graph";

/**
 * Reads one source's topic for a preview: from `backlog` records before the end of each partition,
 * then live. It never joins a group or commits offsets, so nothing the deployed pipeline does changes.
 */
export class TopicTail {
  readonly partitions: readonly number[];
  readonly #fetcher: PartitionFetcher;
  readonly #source: string;

  private constructor(source: string, partitions: readonly number[], fetcher: PartitionFetcher) {
    this.#source = source;
    this.partitions = partitions;
    this.#fetcher = fetcher;
  }

  /** Rejects with the client's UnknownTopicError when the topic does not exist. */
  static async open(client: FreshetClient, source: string, topic: string, backlog: number, signal: AbortSignal): Promise<TopicTail> {
    const info = await client.cluster.retry(() => client.cluster.topic(topic, { refresh: true }));
    const partitions = info.partitions.map((p) => p.partition);
    const [earliest, latest] = await Promise.all([listPartitionOffsets(client.cluster, topic, partitions, "earliest"), listPartitionOffsets(client.cluster, topic, partitions, "latest")]);
    const positions = new Map(partitions.map((p) => [p, Math.max(earliest.get(p) ?? 0, (latest.get(p) ?? 0) - backlog)]));
    return new TopicTail(source, partitions, new PartitionFetcher(client.cluster, topic, positions, { signal, maxWaitMs: 200, onOutOfRange: "latest" }));
  }

  /** The next records (none after an empty long poll; null once stopped). */
  async next(): Promise<DataflowInput[] | null> {
    const records = await this.#fetcher.next();
    if (records === null) return null;
    return records.map((r) => ({ source: this.#source, partition: r.partition, offset: BigInt(r.offset), key: r.key, value: r.value, timestamp: r.timestamp }));
  }

  close(): void {
    this.#fetcher.close();
  }
}
