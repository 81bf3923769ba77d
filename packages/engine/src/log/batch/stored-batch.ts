import { batchCrcIsValid } from "@freshet/protocol/records/batch-crc";
import { BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, Field, MAGIC_V2, readBatchHeader, type BatchHeader } from "@freshet/protocol/records/batch-header";

/**
 * Checks on batches as the log stores them. The shape check reads only fixed header
 * fields and is what every walk over stored bytes relies on to find the next batch;
 * the full check adds the CRC and offset continuity and is what recovery trusts.
 */
export const MIN_BATCH_BYTES = BATCH_HEADER_BYTES;
/** batchLength is an int32, and segment positions are int32: no batch can be larger. */
export const MAX_BATCH_BYTES = 2 ** 31 - 1;

export type BatchShape =
  | { readonly ok: true; readonly size: number }
  /** `incomplete`: the bytes end before the batch does (a torn write when at end of file). */
  | { readonly ok: false; readonly incomplete: boolean; readonly reason: string };

/** Size and basic sanity of the batch at `at`, looking at no byte beyond `end`. */
export function batchShapeAt(view: DataView, at: number, end: number): BatchShape {
  const available = end - at;
  if (available < BATCH_LOG_OVERHEAD) return { ok: false, incomplete: true, reason: `${available} bytes cannot hold a batch length` };
  const batchLength = view.getInt32(at + Field.batchLength);
  const size = BATCH_LOG_OVERHEAD + batchLength;
  if (size < MIN_BATCH_BYTES || size > MAX_BATCH_BYTES) return { ok: false, incomplete: false, reason: `batchLength ${batchLength} is impossible` };
  if (available < BATCH_HEADER_BYTES) return { ok: false, incomplete: true, reason: `batch header cut short after ${available} bytes` };
  const magic = view.getInt8(at + Field.magic);
  if (magic !== MAGIC_V2) return { ok: false, incomplete: false, reason: `magic ${magic}, expected ${MAGIC_V2}` };
  const lastOffsetDelta = view.getInt32(at + Field.lastOffsetDelta);
  if (lastOffsetDelta < 0) return { ok: false, incomplete: false, reason: `lastOffsetDelta ${lastOffsetDelta} is negative` };
  if (size > available) return { ok: false, incomplete: true, reason: `batch of ${size} bytes cut short after ${available} bytes` };
  return { ok: true, size };
}

export type StoredBatchCheck = { readonly ok: true; readonly header: BatchHeader; readonly size: number } | { readonly ok: false; readonly incomplete: boolean; readonly reason: string };

/**
 * Shape, CRC-32C and that the batch starts at or after `expectedBaseOffset`, the end of
 * the previous batch: offsets only grow, but compaction leaves gaps where it removed
 * whole batches (and a follower copies them from its leader).
 */
export function checkStoredBatch(bytes: Uint8Array, at: number, end: number, expectedBaseOffset: number): StoredBatchCheck {
  const shape = batchShapeAt(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at, end);
  if (!shape.ok) return shape;
  const batch = bytes.subarray(at, at + shape.size);
  if (!batchCrcIsValid(batch)) return { ok: false, incomplete: false, reason: "CRC-32C mismatch" };
  const header = readBatchHeader(batch);
  if (header.baseOffset < expectedBaseOffset) {
    return { ok: false, incomplete: false, reason: `baseOffset ${header.baseOffset}, expected at least ${expectedBaseOffset}` };
  }
  return { ok: true, header, size: shape.size };
}

/** The int64 at `at` as a number (every offset and timestamp we store is below 2^53). */
export function int64At(view: DataView, at: number): number {
  return view.getInt32(at) * 0x1_0000_0000 + view.getUint32(at + 4);
}

export function dataViewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The offset after the last batch of `bytes` (whole stored batches back to back), or null when they do not walk cleanly. */
export function endOfBatches(bytes: Uint8Array): number | null {
  const view = dataViewOf(bytes);
  let end: number | null = null;
  for (let at = 0; at < bytes.byteLength;) {
    const shape = batchShapeAt(view, at, bytes.byteLength);
    if (!shape.ok) return null;
    end = int64At(view, at + Field.baseOffset) + view.getInt32(at + Field.lastOffsetDelta) + 1;
    at += shape.size;
  }
  return end;
}
