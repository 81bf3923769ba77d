import { readBatchHeader, type BatchHeader } from "@freshet/protocol/records/batch-header";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { splitBatches } from "@freshet/protocol/records/split-batches";

export interface TestBatchOptions {
  /** Records in the batch (offset deltas 0..count-1). */
  readonly count?: number;
  /** Bytes of each record's value; the value bytes are `fill`. */
  readonly valueBytes?: number;
  readonly fill?: number;
  /** Timestamp of every record, so the batch's maxTimestamp. */
  readonly timestamp?: number;
  readonly logAppendTime?: boolean;
}

/** A valid, uncompressed magic-2 batch with a correct CRC, as a producer would send it. */
export function testBatch(options: TestBatchOptions = {}): Promise<Uint8Array> {
  const value = new Uint8Array(options.valueBytes ?? 16).fill(options.fill ?? 0x61);
  const timestamp = options.timestamp ?? 1_000;
  return buildRecordBatch({
    records: Array.from({ length: options.count ?? 1 }, () => ({ value, timestamp })),
    timestampType: options.logAppendTime === true ? "LogAppendTime" : "CreateTime",
    logAppendTimeMs: timestamp,
  });
}

/** Headers of every batch in a read's chunks, in order; fails on a partial batch. */
export function batchesIn(chunks: readonly Uint8Array[]): BatchHeader[] {
  return chunks.flatMap((chunk) => {
    const split = splitBatches(chunk);
    if (split.end !== "complete") throw new Error(`read returned a ${split.end} record set`);
    return split.batches.map((batch) => readBatchHeader(batch));
  });
}

export function totalBytes(chunks: readonly Uint8Array[]): number {
  return chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
}
