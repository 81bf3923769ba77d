import { err, ok, type Result } from "../result.js";
import { BATCH_HEADER_BYTES, readBatchHeader } from "./batch-header.js";
import { decodeRecordBatch, type DecodeBatchOptions } from "./decode-batch.js";
import type { RecordsError } from "./records-error.js";

export interface OffsetAndTimestamp {
  readonly offset: number;
  readonly timestamp: number;
}

/**
 * ListOffsets by timestamp inside one stored batch: the first record (in offset
 * order) whose timestamp is >= `timestamp`, or null. Record granularity matters
 * (librdkafka test 0054, pitfall 33), so a batch whose maxTimestamp reaches the
 * target is decoded, decompressing it if needed; one below it is skipped unread.
 * The CRC is not checked: stored batches were checked on append.
 */
export async function findOffsetForTimestamp(batch: Uint8Array, timestamp: number, options: Omit<DecodeBatchOptions, "verifyCrc"> = {}): Promise<Result<OffsetAndTimestamp | null, RecordsError>> {
  if (batch.byteLength >= BATCH_HEADER_BYTES && readBatchHeader(batch).maxTimestamp < timestamp) return ok(null);
  const decoded = await decodeRecordBatch(batch, { ...options, verifyCrc: false });
  if (!decoded.ok) return err(decoded.error);
  const match = decoded.value.records.find((record) => record.timestamp >= timestamp);
  return ok(match === undefined ? null : { offset: match.offset, timestamp: match.timestamp });
}
