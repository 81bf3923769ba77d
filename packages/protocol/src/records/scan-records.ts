/*
 * Walks the records section of a produced batch without building records: every
 * length, varint and count is checked the way a consumer will read it (record.ts
 * has the layout), and the only result is the batch's real maximum timestamp.
 * The broker runs it on every produced batch, so it allocates nothing per record.
 */
import { DecodeError } from "../io/decode-error.js";
import { Reader } from "../io/reader.js";
import { err, ok, type Result } from "../result.js";
import { MIN_RECORD_BYTES } from "./record.js";

export interface ScannedRecords {
  /** The largest baseTimestamp + timestampDelta over the records (CreateTime). */
  readonly maxTimestamp: number;
}

/** The fields of the batch header the records are checked against. */
export interface ScannedBatchHeader {
  readonly recordCount: number;
  readonly baseTimestamp: number;
}

/** An empty key and a null value. */
const MIN_HEADER_BYTES = 2;

function skipNullableBytes(reader: Reader, what: string): void {
  const length = reader.varint();
  if (length < -1) reader.fail(`negative ${what} length ${length}`);
  if (length > 0) reader.skip(length);
}

/** Reads one record and checks it is the `index`-th; returns its timestamp delta. */
function scanRecord(reader: Reader, index: number): number {
  const length = reader.varint();
  if (length < MIN_RECORD_BYTES - 1) reader.fail(`record ${index}: length ${length} below the minimum`);
  if (length > reader.remaining) reader.fail(`record ${index}: length ${length} exceeds the ${reader.remaining} bytes left`);
  const end = reader.offset + length;
  reader.int8();
  const timestampDelta = reader.varlongNumber();
  const offsetDelta = reader.varint();
  // Consumers compute offsets as baseOffset + offsetDelta: any other delta would give
  // two records one offset, or a record an offset the batch header does not cover.
  if (offsetDelta !== index) reader.fail(`record ${index}: offset delta ${offsetDelta}, expected ${index}`);
  skipNullableBytes(reader, "key");
  skipNullableBytes(reader, "value");
  const headerCount = reader.varint();
  if (headerCount < 0 || headerCount * MIN_HEADER_BYTES > end - reader.offset) {
    reader.fail(`record ${index}: header count ${headerCount} does not fit the record`);
  }
  for (let header = 0; header < headerCount; header++) {
    const keyLength = reader.varint();
    if (keyLength < 0) reader.fail(`record ${index}: header key length ${keyLength}`);
    reader.skip(keyLength);
    skipNullableBytes(reader, "header value");
  }
  if (reader.offset !== end) reader.fail(`record ${index}: declared ${length} bytes but used ${length + reader.offset - end}`);
  return timestampDelta;
}

/** Checks that `section` holds exactly `header.recordCount` well-formed records with offset deltas 0..n-1. */
export function scanRecords(section: Uint8Array, header: ScannedBatchHeader): Result<ScannedRecords, string> {
  // Checked first so a lying count cannot make the loop run long.
  if (header.recordCount * MIN_RECORD_BYTES > section.byteLength) {
    return err(`${header.recordCount} records cannot fit in ${section.byteLength} bytes`);
  }
  const reader = new Reader(section);
  let maxDelta = -Infinity;
  try {
    for (let index = 0; index < header.recordCount; index++) {
      const delta = scanRecord(reader, index);
      if (delta > maxDelta) maxDelta = delta;
    }
  } catch (cause) {
    if (cause instanceof DecodeError) return err(cause.message);
    throw cause;
  }
  if (reader.remaining !== 0) return err(`${reader.remaining} bytes after record ${header.recordCount - 1}`);
  const maxTimestamp = header.baseTimestamp + maxDelta;
  if (!Number.isSafeInteger(maxTimestamp)) return err(`record timestamp ${header.baseTimestamp} + ${maxDelta} is out of range`);
  return ok({ maxTimestamp });
}
