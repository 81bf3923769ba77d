import type { BatchHeader } from "@freshet/protocol/records/batch-header";
import type { PartitionLog } from "../log/partition-log.js";
import { ProducerStateTable } from "../producers/producer-state.js";

export type AppendOutcome =
  | { readonly ok: true; readonly baseOffset: number; readonly logAppendTime: number }
  | {
      readonly ok: false;
      readonly errorName: "INVALID_PRODUCER_EPOCH" | "OUT_OF_ORDER_SEQUENCE_NUMBER" | "KAFKA_STORAGE_ERROR" | "CORRUPT_MESSAGE";
      readonly message: string;
    };

/** Rewrites a batch before it is stored (e.g. recompression); rejects with a message for unusable input. */
export type BatchTransform = (batch: Uint8Array) => Promise<Uint8Array>;

class TransformFailed extends Error {}

/**
 * One partition replica led by this broker: its log, its high watermark and the
 * idempotent-producer table. On a single node the high watermark is the end of
 * what the durability policy has made safe, so consumers never read a record
 * that a crash could still take away.
 */
export class Partition {
  readonly producers = new ProducerStateTable();
  readonly #listeners = new Set<() => void>();
  /** Transformed batches reach the log in arrival order, whatever order their transforms finish in. */
  #transformed: Promise<unknown> = Promise.resolve();
  #highWatermark: number;
  leaderEpoch = 0;

  constructor(
    readonly topic: string,
    readonly index: number,
    readonly log: PartitionLog,
  ) {
    this.#highWatermark = log.logEndOffset;
  }

  get highWatermark(): number {
    return this.#highWatermark;
  }

  get logStartOffset(): number {
    return this.log.logStartOffset;
  }

  /** Rebuilds idempotent-producer state from the batch headers in the log. */
  async recoverProducers(): Promise<void> {
    for await (const header of this.log.headers(this.log.logStartOffset)) {
      this.producers.record(header, Promise.resolve(header.baseOffset));
    }
  }

  /**
   * Appends a validated batch. Sequence checks and producer bookkeeping happen
   * synchronously, before the first await, so pipelined batches of one producer
   * are checked in the order they arrived.
   */
  append(batch: Uint8Array, header: BatchHeader, transform?: BatchTransform): Promise<AppendOutcome> {
    const check = this.producers.check(header);
    if (check.kind === "error") return Promise.resolve({ ok: false, errorName: check.errorName, message: check.message });
    if (check.kind === "duplicate") {
      return check.baseOffset.then(
        (baseOffset) => ({ ok: true, baseOffset, logAppendTime: -1 }),
        () => ({ ok: false, errorName: "KAFKA_STORAGE_ERROR", message: "the original append of this batch failed" }),
      );
    }
    const appended = transform === undefined ? this.log.append(batch, this.leaderEpoch) : this.#appendTransformed(batch, transform);
    const baseOffset = appended.then((r) => r.baseOffset);
    // A failed append is reported below; the retained copy must not surface as unhandled.
    baseOffset.catch(() => undefined);
    this.producers.record(header, baseOffset);
    return appended.then(
      (result) => {
        this.#advanceHighWatermark(result.lastOffset + 1);
        return { ok: true, baseOffset: result.baseOffset, logAppendTime: result.logAppendTime ?? -1 };
      },
      (cause: unknown) => {
        this.producers.forget(header);
        if (cause instanceof TransformFailed) return { ok: false, errorName: "CORRUPT_MESSAGE", message: cause.message };
        return { ok: false, errorName: "KAFKA_STORAGE_ERROR", message: `append failed: ${(cause as Error).message}` };
      },
    );
  }

  #appendTransformed(batch: Uint8Array, transform: BatchTransform) {
    const ready = transform(batch).catch((cause: unknown) => {
      throw new TransformFailed((cause as Error).message, { cause });
    });
    const appended = this.#transformed.then(() => ready).then((b) => this.log.append(b, this.leaderEpoch));
    this.#transformed = appended.catch(() => undefined);
    return appended;
  }

  #advanceHighWatermark(offset: number): void {
    if (offset <= this.#highWatermark) return;
    this.#highWatermark = offset;
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` whenever the high watermark moves; returns the unsubscribe function. */
  onAdvance(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
