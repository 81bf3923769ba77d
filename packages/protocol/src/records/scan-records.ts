/*
 * Walks the records section of a produced batch without building records: every
 * length, varint and count is checked the way a consumer will read it (record.ts
 * has the layout), and the only result is the batch's real maximum timestamp.
 * The broker runs it on every produced batch, so it allocates nothing per record
 * and reads varints with its own cursor: the general Reader costs ~10x more here.
 */
import { DecodeError } from "../io/decode-error.js";
import { err, ok, type Result } from "../result.js";
import { MIN_RECORD_BYTES } from "./record.js";

export interface ScannedRecords {
  /** The largest baseTimestamp + timestampDelta over the records (CreateTime). */
  readonly maxTimestamp: number;
  /** Indexes (within the batch) of records with a null key: a compacted topic refuses them, as Kafka does. */
  readonly keylessRecords: readonly number[];
}

/** The fields of the batch header the records are checked against. */
export interface ScannedBatchHeader {
  readonly recordCount: number;
  readonly baseTimestamp: number;
}

/** An empty key and a null value. */
const MIN_HEADER_BYTES = 2;
/** Up to 7 varlong bytes (49 bits) add up exactly in a double; longer ones take BigInt. */
const FAST_VARLONG_BYTES = 7;

class RecordCursor {
  position = 0;
  readonly keylessRecords: number[] = [];

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.byteLength - this.position;
  }

  fail(message: string): never {
    throw new DecodeError(message, this.position);
  }

  #byte(): number {
    const byte = this.bytes[this.position];
    if (byte === undefined) this.fail("varint cut off at the end of the records");
    this.position++;
    return byte;
  }

  /** ZigZag varint of at most 32 bits, as Kafka's ByteUtils.readVarint. */
  varint(): number {
    let raw = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.#byte();
      raw |= (byte & 0x7f) << shift;
      if (byte < 0x80) return (raw >>> 1) ^ -(raw & 1);
    }
    const last = this.#byte();
    if (last > 0x0f) this.fail("varint exceeds 32 bits");
    raw = (raw | (last << 28)) >>> 0;
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** ZigZag varlong as a number; values beyond 2^53 fail (no timestamp delta is that large). */
  varlong(): number {
    const start = this.position;
    let raw = 0;
    let scale = 1;
    for (let index = 0; index < FAST_VARLONG_BYTES; index++) {
      const byte = this.#byte();
      raw += (byte & 0x7f) * scale;
      if (byte < 0x80) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      scale *= 128;
    }
    this.position = start;
    let big = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.#byte();
      big |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) {
        const value = Number((big >> 1n) ^ -(big & 1n));
        if (!Number.isSafeInteger(value)) this.fail("timestamp delta out of range");
        return value;
      }
    }
    return this.fail("varlong longer than 10 bytes");
  }

  skip(length: number): void {
    if (length > this.remaining) this.fail(`length ${length} exceeds the ${this.remaining} bytes left`);
    this.position += length;
  }

  /** Skips nullable bytes; returns their length, -1 for null. */
  skipNullableBytes(what: string): number {
    const length = this.varint();
    if (length < -1) this.fail(`negative ${what} length ${length}`);
    if (length > 0) this.skip(length);
    return length;
  }
}

/** Reads one record and checks it is the `index`-th; returns its timestamp delta. */
function scanRecord(cursor: RecordCursor, index: number): number {
  const length = cursor.varint();
  if (length < MIN_RECORD_BYTES - 1) cursor.fail(`record ${index}: length ${length} below the minimum`);
  if (length > cursor.remaining) cursor.fail(`record ${index}: length ${length} exceeds the ${cursor.remaining} bytes left`);
  const end = cursor.position + length;
  cursor.skip(1); // attributes, unused
  const timestampDelta = cursor.varlong();
  const offsetDelta = cursor.varint();
  // Consumers compute offsets as baseOffset + offsetDelta: any other delta would give
  // two records one offset, or a record an offset the batch header does not cover.
  if (offsetDelta !== index) cursor.fail(`record ${index}: offset delta ${offsetDelta}, expected ${index}`);
  if (cursor.skipNullableBytes("key") === -1) cursor.keylessRecords.push(index);
  cursor.skipNullableBytes("value");
  const headerCount = cursor.varint();
  if (headerCount < 0 || headerCount * MIN_HEADER_BYTES > end - cursor.position) {
    cursor.fail(`record ${index}: header count ${headerCount} does not fit the record`);
  }
  for (let header = 0; header < headerCount; header++) {
    const keyLength = cursor.varint();
    if (keyLength < 0) cursor.fail(`record ${index}: header key length ${keyLength}`);
    cursor.skip(keyLength);
    cursor.skipNullableBytes("header value");
  }
  if (cursor.position !== end) cursor.fail(`record ${index}: declared ${length} bytes but used ${length + cursor.position - end}`);
  return timestampDelta;
}

/** Checks that `section` holds exactly `header.recordCount` well-formed records with offset deltas 0..n-1. */
export function scanRecords(section: Uint8Array, header: ScannedBatchHeader): Result<ScannedRecords, string> {
  // Checked first so a lying count cannot make the loop run long.
  if (header.recordCount * MIN_RECORD_BYTES > section.byteLength) {
    return err(`${header.recordCount} records cannot fit in ${section.byteLength} bytes`);
  }
  const cursor = new RecordCursor(section);
  let maxDelta = -Infinity;
  try {
    for (let index = 0; index < header.recordCount; index++) {
      const delta = scanRecord(cursor, index);
      if (delta > maxDelta) maxDelta = delta;
    }
  } catch (cause) {
    if (cause instanceof DecodeError) return err(cause.message);
    throw cause;
  }
  if (cursor.remaining !== 0) return err(`${cursor.remaining} bytes after record ${header.recordCount - 1}`);
  const maxTimestamp = header.baseTimestamp + maxDelta;
  if (!Number.isSafeInteger(maxTimestamp)) return err(`record timestamp ${header.baseTimestamp} + ${maxDelta} is out of range`);
  return ok({ maxTimestamp, keylessRecords: cursor.keylessRecords });
}
