import type { Cluster } from "../cluster/cluster.js";
import { UnknownPartitionError } from "../cluster/cluster-errors.js";
import { listPartitionOffsets } from "../cluster/list-offsets.js";
import { resolveStartOffset, type ConsumedRecord, type StartPosition } from "./consumed-record.js";
import { PartitionFetcher, type FetcherOptions } from "./partition-fetcher.js";

export interface ConsumeOptions extends Omit<FetcherOptions, "endOffsets"> {
  readonly topic: string;
  /** Default: every partition of the topic. */
  readonly partitions?: readonly number[];
  /** Default: the end (only records produced from now on). */
  readonly start?: StartPosition;
  /**
   * Stop once every partition reached the end offset it had when reading began
   * (the CLI's -d): records produced later are not waited for.
   */
  readonly exitAtEnd?: boolean;
}

/** Partitions to read and where each starts, plus the end snapshot when `exitAtEnd`. */
export async function planPartitions(cluster: Cluster, topic: string, partitions: readonly number[], start: StartPosition): Promise<{ positions: Map<number, number>; ends: Map<number, number> }> {
  const [earliest, latest] = await Promise.all([listPartitionOffsets(cluster, topic, partitions, "earliest"), listPartitionOffsets(cluster, topic, partitions, "latest")]);
  const positions = new Map(partitions.map((p) => [p, resolveStartOffset(start, earliest.get(p)!, latest.get(p)!)]));
  return { positions, ends: latest };
}

/** The partitions to read: `requested` checked against the topic, or all of them. */
export async function topicPartitions(cluster: Cluster, topic: string, requested: readonly number[] | undefined): Promise<number[]> {
  const info = await cluster.retry(() => cluster.topic(topic, { refresh: true }));
  const all = info.partitions.map((p) => p.partition);
  if (requested === undefined) return all;
  for (const partition of requested) {
    if (!all.includes(partition)) throw new UnknownPartitionError(topic, partition, all.length);
  }
  return [...requested];
}

/** Records of a topic as an async iterator; break out of the loop (or abort the signal) to stop. */
export async function* consume(cluster: Cluster, options: ConsumeOptions): AsyncGenerator<ConsumedRecord, void, undefined> {
  const partitions = await topicPartitions(cluster, options.topic, options.partitions);
  const plan = await planPartitions(cluster, options.topic, partitions, options.start ?? { kind: "end" });
  const fetcher = new PartitionFetcher(cluster, options.topic, plan.positions, {
    ...options,
    endOffsets: options.exitAtEnd ? plan.ends : undefined,
  });
  try {
    for (;;) {
      if (options.signal?.aborted) return;
      const records = await fetcher.next().catch((error: unknown) => {
        if (options.signal?.aborted) return null;
        throw error;
      });
      if (records === null) return;
      yield* records;
    }
  } finally {
    fetcher.close();
  }
}
