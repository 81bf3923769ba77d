import type { Cluster } from "../cluster/cluster.js";
import { backoffDelay, isRetriableError } from "../cluster/retry.js";
import { sleep } from "../time/clock.js";
import { planPartitions, topicPartitions } from "./consume.js";
import type { StartPosition } from "./consumed-record.js";
import { SmartPartitionReader, type SmartChainStep, type SmartConsumed } from "./smart-partition-reader.js";

export { SmartConsumeError, type SmartChainStep, type SmartConsumed, type SmartRecordError } from "./smart-partition-reader.js";

export interface SmartConsumeOptions {
  readonly topic: string;
  /** The chain the broker applies, in order; at least one step. */
  readonly chain: readonly SmartChainStep[];
  /** Default: every partition of the topic. */
  readonly partitions?: readonly number[];
  /** Default: the end (only records produced from now on). */
  readonly start?: StartPosition;
  /** Stop once every partition's position reached the end offset it had when reading began. */
  readonly exitAtEnd?: boolean;
  /** Long-poll wait when no data is ready. Default 500 ms. */
  readonly maxWaitMs?: number;
  /** Stored bytes read per request and partition (the first batch comes whole). Default 1 MiB. */
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
}

interface Round {
  readonly reader: SmartPartitionReader;
  readonly items: SmartConsumed[];
  readonly error: unknown;
}

/**
 * The output of a broker-side SmartModule chain over one partition or every
 * partition of a topic, as an async iterator of records and per-record errors
 * (an aggregate yields its running result as records). A chain the broker refuses
 * or that fails on the broker ends the iteration with a SmartConsumeError carrying
 * the broker's message; lost sessions and moved leaders are retried.
 */
export async function* smartConsume(cluster: Cluster, options: SmartConsumeOptions): AsyncGenerator<SmartConsumed, void, undefined> {
  if (options.chain.length === 0) throw new RangeError("smartConsume needs a chain of at least one SmartModule");
  const partitions = await topicPartitions(cluster, options.topic, options.partitions);
  const plan = await planPartitions(cluster, options.topic, partitions, options.start ?? { kind: "end" });
  const read = { maxWaitMs: options.maxWaitMs ?? 500, maxBytes: options.maxBytes ?? 1024 * 1024 };
  const readers = partitions.map((p) => new SmartPartitionReader(cluster, options.topic, p, options.chain, plan.positions.get(p)!, read));
  const finished = (reader: SmartPartitionReader) => options.exitAtEnd === true && reader.position >= plan.ends.get(reader.partition)!;
  const failures = new Map<SmartPartitionReader, number>();
  const inFlight = new Map<SmartPartitionReader, Promise<Round>>();
  const launch = (reader: SmartPartitionReader) => {
    if (finished(reader)) return;
    inFlight.set(
      reader,
      reader.next().then(
        (items) => ({ reader, items, error: null }),
        (error: unknown) => ({ reader, items: [], error }),
      ),
    );
  };
  try {
    readers.forEach(launch);
    while (inFlight.size > 0) {
      if (options.signal?.aborted) return;
      const round = await Promise.race(inFlight.values());
      inFlight.delete(round.reader);
      if (round.error !== null) {
        await recover(cluster, round.error, failures, round.reader, options.signal);
      } else {
        failures.delete(round.reader);
        yield* round.items;
      }
      launch(round.reader);
    }
  } finally {
    for (const reader of readers) reader.close();
  }
}

/** Waits out a retriable error with backoff (forgetting stale leaders), or rethrows it. */
async function recover(cluster: Cluster, error: unknown, failures: Map<SmartPartitionReader, number>, reader: SmartPartitionReader, signal?: AbortSignal): Promise<void> {
  const attempt = failures.get(reader) ?? 0;
  if (signal?.aborted) return;
  if (!isRetriableError(error) || attempt >= cluster.retryPolicy.retries) throw error;
  failures.set(reader, attempt + 1);
  cluster.invalidateMetadata();
  // An abort ends the wait; the loop then sees the signal and stops.
  await sleep(cluster.clock, backoffDelay(cluster.retryPolicy, attempt), signal).catch(() => undefined);
}
