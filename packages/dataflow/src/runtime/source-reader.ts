import type { FreshetClient } from "@freshet/client/client";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import { UnknownTopicError } from "@freshet/client/cluster/cluster-errors";
import { PartitionFetcher } from "@freshet/client/consumer/partition-fetcher";
import { sleep } from "@freshet/client/time/clock";
import type { DataflowInput } from "../graph/contract.js";
import type { SourceSpec } from "../spec/dataflow-spec.js";
import { partitionKey, type PartitionOffsets } from "./checkpoint-store.js";

export interface SourcePartitionStatus {
  readonly partition: number;
  /** The next offset the dataflow reads. */
  readonly offset: number;
  readonly highWatermark: number;
  readonly lag: number;
}

/**
 * Reads every partition of one source's topic from explicit offsets. Positions are those of the
 * records handed out (not the fetcher's, which may run ahead with a fetch in flight), so a
 * checkpoint names exactly what the graph has seen.
 */
export class SourceReader {
  readonly #client: FreshetClient;
  readonly id: string;
  readonly topic: string;
  readonly #spec: SourceSpec;
  readonly #positions = new Map<number, number>();
  readonly #highWatermarks = new Map<number, number>();
  #fetcher: PartitionFetcher | undefined;

  constructor(client: FreshetClient, id: string, spec: SourceSpec) {
    this.#client = client;
    this.id = id;
    this.topic = spec.topic;
    this.#spec = spec;
  }

  get partitions(): number[] {
    return [...this.#positions.keys()];
  }

  /** Waits for the topic to exist, then starts at the checkpoint's offsets, or earliest/latest per `startFrom`. */
  async open(checkpoint: PartitionOffsets | undefined, signal: AbortSignal, waiting: (reason: string) => void): Promise<void> {
    let partitions: number[];
    for (;;) {
      try {
        const info = await this.#client.cluster.retry(() => this.#client.cluster.topic(this.topic, { refresh: true }));
        partitions = info.partitions.map((p) => p.partition);
        break;
      } catch (error) {
        if (!(error instanceof UnknownTopicError)) throw error;
        waiting(`waiting for the source topic ${this.topic} to exist`);
        await sleep(this.#client.cluster.clock, 500, signal);
        signal.throwIfAborted();
      }
    }
    const start = await listPartitionOffsets(this.#client.cluster, this.topic, partitions, this.#spec.startFrom);
    for (const p of partitions) this.#positions.set(p, checkpoint?.[partitionKey(this.id, p)] ?? start.get(p)!);
    this.#fetcher = new PartitionFetcher(this.#client.cluster, this.topic, this.#positions, { signal, maxWaitMs: 200 });
  }

  /** The next records (possibly none after an empty long poll). */
  async next(): Promise<DataflowInput[]> {
    const records = (await this.#fetcher!.next()) ?? [];
    const inputs = new Array<DataflowInput>(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      inputs[i] = { source: this.id, partition: r.partition, offset: BigInt(r.offset), key: r.key, value: r.value, timestamp: r.timestamp };
    }
    return inputs;
  }

  /** Marks records as handed to the graph. */
  consumed(inputs: readonly DataflowInput[]): void {
    // A partition's position is after its last record handed out: one update per partition
    // (a fetch holds a few partitions), not one per record.
    const seen: number[] = [];
    for (let i = inputs.length - 1; i >= 0; i--) {
      const input = inputs[i]!;
      if (seen.includes(input.partition)) continue;
      seen.push(input.partition);
      this.#positions.set(input.partition, Number(input.offset) + 1);
    }
  }

  positions(): PartitionOffsets {
    return Object.fromEntries([...this.#positions].map(([p, offset]) => [partitionKey(this.id, p), offset]));
  }

  async refreshHighWatermarks(): Promise<void> {
    const ends = await listPartitionOffsets(this.#client.cluster, this.topic, this.partitions, "latest");
    for (const [p, end] of ends) this.#highWatermarks.set(p, end);
  }

  status(): SourcePartitionStatus[] {
    return [...this.#positions].map(([partition, offset]) => {
      const highWatermark = Math.max(this.#highWatermarks.get(partition) ?? offset, offset);
      return { partition, offset, highWatermark, lag: highWatermark - offset };
    });
  }

  close(): void {
    this.#fetcher?.close();
  }
}
