import type { BatchHeader } from "@freshet/protocol/records/batch-header";
import { BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, Field } from "@freshet/protocol/records/batch-header";
import { checkStoredBatch, dataViewOf, MAX_BATCH_BYTES } from "../batch/stored-batch.js";
import type { LogFile } from "../fs/log-file-system.js";

/** Bytes read per step of a scan; a larger batch gets a buffer of its own size. */
const SCAN_CHUNK_BYTES = 1024 * 1024;

export interface ScanStart {
  readonly position: number;
  readonly expectedOffset: number;
}

export interface ScanResult {
  /** Position just past the last valid batch. */
  readonly validEnd: number;
  readonly nextOffset: number;
  /** Why scanning stopped before `end`, or null when every byte up to `end` was valid. */
  readonly failure: { readonly position: number; readonly reason: string } | null;
}

/**
 * Reads batches from `start.position` up to `end` in large sequential reads, fully
 * checking each one (shape, CRC-32C, contiguous offsets), and stops at the first that
 * fails. `onBatch` sees every valid batch in order.
 */
export async function scanBatches(file: LogFile, start: ScanStart, end: number, onBatch: (header: BatchHeader, position: number, size: number) => void): Promise<ScanResult> {
  let position = start.position;
  let expectedOffset = start.expectedOffset;
  let buffer = new Uint8Array(Math.min(SCAN_CHUNK_BYTES, Math.max(end - position, 0)));
  while (position < end) {
    const length = Math.min(buffer.byteLength, end - position);
    const got = await file.read(buffer.subarray(0, length), position);
    let at = 0;
    while (at < got) {
      const check = checkStoredBatch(buffer, at, got, expectedOffset);
      if (check.ok) {
        onBatch(check.header, position + at, check.size);
        expectedOffset = check.header.baseOffset + check.header.lastOffsetDelta + 1;
        at += check.size;
        continue;
      }
      const fileHasMore = position + got < end;
      if (!check.incomplete || !fileHasMore) {
        return { validEnd: position + at, nextOffset: expectedOffset, failure: { position: position + at, reason: check.reason } };
      }
      break;
    }
    if (at === 0) {
      // Not even one batch fits: grow the buffer to the batch's declared size (bounded by the file).
      const needed = declaredSize(buffer, got);
      if (got < length || needed <= buffer.byteLength || needed > MAX_BATCH_BYTES) {
        return { validEnd: position, nextOffset: expectedOffset, failure: { position, reason: `unreadable batch (${got} of ${length} bytes read)` } };
      }
      buffer = new Uint8Array(Math.min(needed, end - position));
      continue;
    }
    position += at;
  }
  return { validEnd: position, nextOffset: expectedOffset, failure: null };
}

function declaredSize(buffer: Uint8Array, got: number): number {
  if (got < BATCH_HEADER_BYTES) return BATCH_HEADER_BYTES;
  return BATCH_LOG_OVERHEAD + dataViewOf(buffer).getInt32(Field.batchLength);
}
