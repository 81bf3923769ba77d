import type { BatchHeader } from "@freshet/protocol/records/batch-header";

/** Kafka keeps the last five batches per producer (ProducerStateEntry.NUM_BATCHES_TO_RETAIN), matching max.in.flight ≤ 5. */
const RETAINED_BATCHES = 5;
/** Bound on tracked producers per partition; the least recently written is forgotten first. */
const MAX_PRODUCERS = 10_000;
const INT32_MAX = 0x7fffffff;

interface RetainedBatch {
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Resolves to the batch's base offset once the append is durable. */
  readonly baseOffset: Promise<number>;
}

interface ProducerEntry {
  epoch: number;
  batches: RetainedBatch[];
}

export type SequenceCheck =
  { readonly kind: "append" } | { readonly kind: "duplicate"; readonly baseOffset: Promise<number> } | { readonly kind: "error"; readonly errorName: ProducerErrorName; readonly message: string };

export type ProducerErrorName = "UNKNOWN_PRODUCER_ID" | "INVALID_PRODUCER_EPOCH" | "OUT_OF_ORDER_SEQUENCE_NUMBER";

/** InitProducerId hands out fresh ids at this epoch and never bumps one (transactions are not supported). */
export const ISSUED_PRODUCER_EPOCH = 0;

function lastSequenceOf(header: Pick<BatchHeader, "baseSequence" | "lastOffsetDelta">): number {
  const last = header.baseSequence + header.lastOffsetDelta;
  return last > INT32_MAX ? last - INT32_MAX - 1 : last;
}

function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}

/**
 * Idempotent-producer deduplication for one partition, as Kafka's ProducerAppendInfo:
 * a retried batch matching one of the last five is answered with its original
 * offset; gaps and stale epochs are refused. State is recorded when an append is
 * *submitted* (not when it completes) so pipelined batches see each other.
 */
export class ProducerStateTable {
  readonly #producers = new Map<number, ProducerEntry>();

  /**
   * `idIssued`: whether the cluster handed out this producer id. A producer this
   * partition already knows (from its log or earlier appends) is accepted whatever
   * the allocator says now, so ids from before a restart keep working; an unknown
   * one must have been issued, at the only epoch we issue. Any higher epoch is
   * refused: it can only be another client fencing the real producer.
   */
  check(header: BatchHeader, idIssued: boolean): SequenceCheck {
    if (header.producerId < 0) return { kind: "append" };
    const entry = this.#producers.get(header.producerId);
    if (entry === undefined) {
      if (!idIssued) return { kind: "error", errorName: "UNKNOWN_PRODUCER_ID", message: `producer id ${header.producerId} was never issued by this cluster` };
      if (header.producerEpoch !== ISSUED_PRODUCER_EPOCH) {
        return { kind: "error", errorName: "INVALID_PRODUCER_EPOCH", message: `producer ${header.producerId} epoch ${header.producerEpoch} was never issued` };
      }
      return { kind: "append" };
    }
    if (header.producerEpoch < entry.epoch) {
      return { kind: "error", errorName: "INVALID_PRODUCER_EPOCH", message: `producer ${header.producerId} epoch ${header.producerEpoch} is older than ${entry.epoch}` };
    }
    if (header.producerEpoch > entry.epoch) {
      return { kind: "error", errorName: "INVALID_PRODUCER_EPOCH", message: `producer ${header.producerId} epoch ${header.producerEpoch} was never issued (current ${entry.epoch})` };
    }
    const lastSeq = lastSequenceOf(header);
    const duplicate = entry.batches.find((b) => b.firstSeq === header.baseSequence && b.lastSeq === lastSeq);
    if (duplicate) return { kind: "duplicate", baseOffset: duplicate.baseOffset };
    const newest = entry.batches.at(-1);
    if (newest === undefined || header.baseSequence === nextSequence(newest.lastSeq)) return { kind: "append" };
    return {
      kind: "error",
      errorName: "OUT_OF_ORDER_SEQUENCE_NUMBER",
      message: `producer ${header.producerId} sent sequence ${header.baseSequence}, expected ${nextSequence(newest.lastSeq)}`,
    };
  }

  /** Records a batch being appended (or found in the log on recovery). */
  record(header: BatchHeader, baseOffset: Promise<number>): void {
    if (header.producerId < 0) return;
    let entry = this.#producers.get(header.producerId);
    if (entry === undefined || header.producerEpoch > entry.epoch) {
      entry = { epoch: header.producerEpoch, batches: [] };
    }
    // Re-inserting keeps the map ordered by last write, so eviction drops the idlest producer.
    this.#producers.delete(header.producerId);
    this.#producers.set(header.producerId, entry);
    entry.batches.push({ firstSeq: header.baseSequence, lastSeq: lastSequenceOf(header), baseOffset });
    if (entry.batches.length > RETAINED_BATCHES) entry.batches.shift();
    if (this.#producers.size > MAX_PRODUCERS) {
      const idlest = this.#producers.keys().next().value;
      if (idlest !== undefined) this.#producers.delete(idlest);
    }
  }

  /** Forgets a batch whose append failed, so a retry is not mistaken for a duplicate. */
  forget(header: BatchHeader): void {
    const entry = this.#producers.get(header.producerId);
    if (entry === undefined) return;
    entry.batches = entry.batches.filter((b) => b.firstSeq !== header.baseSequence);
  }

  get size(): number {
    return this.#producers.size;
  }
}
