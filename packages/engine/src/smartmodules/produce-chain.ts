import type { SmartModuleChain } from "@freshet/smartmodule/chain/chain";
import { packRecords } from "@freshet/smartmodule/packed/packed-writer";
import { unpackRecords } from "@freshet/smartmodule/packed/packed-reader";
import type { EngineResources } from "../system/resources.js";
import { BatchRejected, type BatchTransform } from "../topics/partition.js";
import { chainOf, type TopicConfig } from "../topics/topic-config.js";
import { kafkaBatchOf, logAppendTimeOf, smartRecordsOf, storedCompression } from "./kafka-records.js";
import type { ChainOpener } from "./open-chain.js";

interface Slot {
  chain: Promise<SmartModuleChain> | null;
  /** Whole transforms run one at a time, so an aggregate sees batches in arrival order. */
  queue: Promise<unknown>;
}

/**
 * Produce-time chains: a topic with `freshet.smartmodules` (and no source) stores
 * what its chain makes of each produced batch. One chain instance per led
 * partition, started on first use and dropped after a failure so the next batch
 * starts a fresh one.
 *
 * Stored batches carry no producer identity. The producer-state table still
 * records the original batch when it is submitted, so sequence checks and retries
 * behave while this SPU runs; after a restart (or a fail-over) the producer is
 * unknown to the partition and its next batch is accepted as from a new producer,
 * instead of being refused for a gap the chain made (a batch filtered out entirely
 * leaves no trace in the log to rebuild its sequence numbers from). The cost is that
 * a retry crossing a restart may be stored twice.
 *
 * A batch whose records are all filtered out stores nothing: the produce succeeds
 * with the log end as its base offset and no offsets are used.
 */
export class ProduceChains {
  readonly #slots = new Map<string, Slot>();

  constructor(
    private readonly chains: ChainOpener,
    private readonly resources: EngineResources,
  ) {}

  transformFor(topic: { name: string; id: string; config: TopicConfig }, partition: number): BatchTransform {
    const key = slotKey(topic.id, partition);
    const slot = this.#slots.get(key) ?? { chain: null, queue: Promise.resolve() };
    this.#slots.set(key, slot);
    return (batch) => {
      const run = slot.queue.then(() => this.#transform(slot, topic, partition, batch));
      slot.queue = run.catch(() => undefined);
      return run;
    };
  }

  async #transform(slot: Slot, topic: { name: string; config: TopicConfig }, partition: number, batch: Uint8Array): Promise<Uint8Array | null> {
    const { header, records } = await smartRecordsOf(batch);
    slot.chain ??= this.chains.open(chainOf(topic.config));
    let output;
    try {
      output = await (await slot.chain).process(packRecords(records));
    } catch (cause) {
      const failed = slot.chain;
      slot.chain = null;
      failed.then((c) => c.close()).catch(() => undefined);
      const message = `SmartModule chain of topic '${topic.name}' failed: ${(cause as Error).message}`;
      this.resources.logger.error({ topic: topic.name, partition, err: cause }, "produce-time SmartModule chain failed");
      throw new BatchRejected(message, { cause });
    }
    for (const error of output.errors) {
      this.resources.logger.warn({ topic: topic.name, partition, ...error }, "SmartModule skipped a record");
    }
    const kept = unpackRecords(output.records);
    if (kept.length === 0) return null;
    return kafkaBatchOf(kept, storedCompression(topic.config, header), logAppendTimeOf(header));
  }

  /** Closes the chains of partitions not in `keep` (topic deleted, leadership lost). */
  async retain(keep: ReadonlySet<string>): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const [key, slot] of this.#slots) {
      if (keep.has(key)) continue;
      this.#slots.delete(key);
      const chain = slot.chain;
      if (chain !== null)
        closing.push(
          slot.queue
            .then(() => chain)
            .then(
              (c) => c.close(),
              () => undefined,
            ),
        );
    }
    await Promise.all(closing);
  }

  close(): Promise<void> {
    return this.retain(new Set());
  }
}

export function slotKey(topicId: string, partition: number): string {
  return `${topicId}/${partition}`;
}
