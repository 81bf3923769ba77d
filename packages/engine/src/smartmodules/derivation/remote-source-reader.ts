import type { Cluster } from "@freshet/client/cluster/cluster";
import { PartitionFetcher } from "@freshet/client/consumer/partition-fetcher";
import { SOURCE_IDLE_WAIT_MS, SOURCE_READ_BYTES, type SourceChunk, type SourceReader } from "./source-reader.js";

/** The source log is behind the derivation's resume point (only after an unclean leader change). */
export class SourceBehindError extends Error {
  readonly retriable = true;
  constructor(topic: string, partition: number, position: number, reset: number) {
    super(`source ${topic}/${partition} has nothing at ${position} (its leader sent the reader back to ${reset}); waiting instead of deriving records twice`);
    this.name = "SourceBehindError";
  }
}

/**
 * Reads a source partition led by another SPU with plain consumer Fetches, so the
 * leader serves only what is committed. The client's fetcher follows leader changes
 * (stale metadata is dropped and the request retried with backoff) and waits while
 * the partition has no leader; what it cannot ride out surfaces from next().
 */
export class RemoteSourceReader implements SourceReader {
  readonly #fetcher: PartitionFetcher;
  readonly #close = () => this.#fetcher.close();

  constructor(
    cluster: Cluster,
    private readonly topic: string,
    private readonly partition: number,
    from: number,
    private readonly signal: AbortSignal,
  ) {
    this.#fetcher = new PartitionFetcher(cluster, topic, new Map([[partition, from]]), {
      maxWaitMs: SOURCE_IDLE_WAIT_MS,
      partitionMaxBytes: SOURCE_READ_BYTES,
      maxBytes: SOURCE_READ_BYTES,
      // Below the log start is what retention removed: go on from what is left, as locally.
      onOutOfRange: "earliest",
      signal,
    });
    // Closing the fetch lane cuts a long poll in flight, so a stop does not wait for it.
    signal.addEventListener("abort", this.#close, { once: true });
  }

  async next(): Promise<SourceChunk | null> {
    const from = this.#position();
    const consumed = await this.#fetcher.next();
    if (consumed === null) return null;
    const end = this.#position();
    // "earliest" also answers a position past the log end; going back would derive records twice.
    if (end < from) throw new SourceBehindError(this.topic, this.partition, from, end);
    if (end === from) return null;
    const records = consumed.map(({ offset, timestamp, key, value, headers }) => ({ offset, timestamp, key, value, headers }));
    return { records, end };
  }

  #position(): number {
    return this.#fetcher.positions.get(this.partition)!;
  }

  close(): void {
    this.signal.removeEventListener("abort", this.#close);
    this.#fetcher.close();
  }
}
