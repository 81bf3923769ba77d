import type { SmartRecord, SmartRecordHeader } from "../record.js";
import { BATCH_HEADER_BYTES, NULL_LENGTH, PackedFormatError, RECORD_FIXED_BYTES } from "./format.js";

const textDecoder = new TextDecoder();

/** A little-endian 32-bit integer of `bytes` at `at`, read without a DataView (the record keeps none). */
function int32At(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/**
 * One record of a packed batch, decoded lazily: only its boundaries are found up
 * front; key, value and headers are views into the batch made when first read.
 * Inside a module every property access and call is interpreted, so the hot paths
 * (the constructor, `value`, `json`) are written out flat, without helper calls, and
 * a record holds only the five numbers a filter or map reads: each field more costs
 * every record of every batch (four fewer made reading a batch about 0.4 µs a record
 * cheaper under StarlingMonkey). The rest is recomputed from the bytes when asked.
 */
export class PackedRecord implements SmartRecord {
  /** The headers, once read. */
  private headerList: SmartRecordHeader[] | undefined = undefined;

  constructor(
    /** The whole batch the record is part of. */
    readonly bytes: Uint8Array,
    /** Where the record starts and ends in the batch. */
    readonly start: number,
    readonly end: number,
    /** Where the value's length field ends and its bytes start, and its length (-1: null). */
    readonly valueAt: number,
    readonly valueLength: number,
  ) {}

  /** Where the headers start. */
  get headersAt(): number {
    return this.valueLength > 0 ? this.valueAt + this.valueLength : this.valueAt;
  }

  get offset(): number {
    return int32At(this.bytes, this.start + 4) * 0x1_0000_0000 + (int32At(this.bytes, this.start) >>> 0);
  }

  get timestamp(): number {
    return int32At(this.bytes, this.start + 12) * 0x1_0000_0000 + (int32At(this.bytes, this.start + 8) >>> 0);
  }

  get key(): Uint8Array | null {
    const length = int32At(this.bytes, this.start + RECORD_FIXED_BYTES - 4);
    const at = this.start + RECORD_FIXED_BYTES;
    return length === NULL_LENGTH ? null : this.bytes.subarray(at, at + length);
  }

  get value(): Uint8Array | null {
    return this.valueLength === NULL_LENGTH ? null : this.bytes.subarray(this.valueAt, this.valueAt + this.valueLength);
  }

  get headers(): readonly SmartRecordHeader[] {
    this.headerList ??= readHeaders(this.bytes, this.headersAt);
    return this.headerList;
  }

  /** The record's packed bytes, to copy into an output unchanged. */
  get raw(): Uint8Array {
    return this.bytes.subarray(this.start, this.end);
  }

  keyText(): string | null {
    const key = this.key;
    return key === null ? null : textDecoder.decode(key);
  }

  valueText(): string {
    return this.valueLength === NULL_LENGTH ? "" : textDecoder.decode(this.bytes.subarray(this.valueAt, this.valueAt + this.valueLength));
  }

  /** The value parsed as JSON; throws (a per-record error) when it is not JSON. */
  json<T = unknown>(): T {
    return JSON.parse(this.valueLength === NULL_LENGTH ? "" : textDecoder.decode(this.bytes.subarray(this.valueAt, this.valueAt + this.valueLength))) as T;
  }
}

function truncated(bytes: Uint8Array, at: number, length: number): PackedFormatError {
  return new PackedFormatError(`packed batch is truncated: needs ${length} bytes at ${at}, has ${bytes.byteLength}`);
}

function negativeLength(length: number, at: number): PackedFormatError {
  return new PackedFormatError(`negative length ${length} at ${at}`);
}

function readHeaders(bytes: Uint8Array, at: number): SmartRecordHeader[] {
  const count = int32At(bytes, at) >>> 0;
  const headers: SmartRecordHeader[] = [];
  let cursor = at + 4;
  for (let i = 0; i < count; i++) {
    const keyLength = int32At(bytes, cursor) >>> 0;
    const key = textDecoder.decode(bytes.subarray(cursor + 4, cursor + 4 + keyLength));
    cursor += 4 + keyLength;
    const valueLength = int32At(bytes, cursor);
    cursor += 4;
    const value = valueLength === NULL_LENGTH ? null : bytes.subarray(cursor, cursor + valueLength);
    cursor += Math.max(valueLength, 0);
    headers.push({ key, value });
  }
  return headers;
}

/** Skips over `count` headers from `cursor`, checking their bounds; returns where they end. */
function skipHeaders(bytes: Uint8Array, view: DataView, count: number, cursor: number): number {
  const size = bytes.byteLength;
  for (let i = 0; i < count; i++) {
    if (cursor + 4 > size) throw truncated(bytes, cursor, 4);
    const keyLength = view.getUint32(cursor, true);
    if (cursor + 4 + keyLength > size) throw truncated(bytes, cursor + 4, keyLength);
    cursor += 4 + keyLength;
    if (cursor + 4 > size) throw truncated(bytes, cursor, 4);
    const valueLength = view.getInt32(cursor, true);
    if (valueLength < NULL_LENGTH) throw negativeLength(valueLength, cursor);
    cursor += 4;
    if (valueLength > 0) {
      if (cursor + valueLength > size) throw truncated(bytes, cursor, valueLength);
      cursor += valueLength;
    }
  }
  return cursor;
}

/** Splits a packed batch into lazily decoded records; throws PackedFormatError on malformed input. */
export function readPackedBatch(bytes: Uint8Array): PackedRecord[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.byteLength;
  if (size < BATCH_HEADER_BYTES) throw truncated(bytes, 0, BATCH_HEADER_BYTES);
  const count = view.getUint32(0, true);
  // Every record takes at least its fixed fields and three lengths: a count beyond that is a lie.
  if (count > (size - BATCH_HEADER_BYTES) / (RECORD_FIXED_BYTES + 8)) throw truncated(bytes, BATCH_HEADER_BYTES, count * (RECORD_FIXED_BYTES + 8));
  const records: PackedRecord[] = new Array<PackedRecord>(count);
  let cursor = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const start = cursor;
    if (start + RECORD_FIXED_BYTES + 4 > size) throw truncated(bytes, start, RECORD_FIXED_BYTES + 4);
    const keyLength = view.getInt32(start + 16, true);
    if (keyLength < NULL_LENGTH) throw negativeLength(keyLength, start + 16);
    cursor = keyLength > 0 ? start + RECORD_FIXED_BYTES + keyLength : start + RECORD_FIXED_BYTES;
    if (cursor + 4 > size) throw truncated(bytes, cursor, 4);
    const valueLength = view.getInt32(cursor, true);
    if (valueLength < NULL_LENGTH) throw negativeLength(valueLength, cursor);
    const valueAt = cursor + 4;
    const headersAt = valueLength > 0 ? valueAt + valueLength : valueAt;
    if (headersAt + 4 > size) throw truncated(bytes, headersAt, 4);
    const headerCount = view.getUint32(headersAt, true);
    cursor = headerCount === 0 ? headersAt + 4 : skipHeaders(bytes, view, headerCount, headersAt + 4);
    records[i] = new PackedRecord(bytes, start, cursor, valueAt, valueLength);
  }
  if (cursor !== size) throw new PackedFormatError(`packed batch has ${size - cursor} trailing bytes`);
  return records;
}

/** Copies a packed batch out into plain records (host side, where views must outlive the buffer). */
export function unpackRecords(bytes: Uint8Array): SmartRecord[] {
  return readPackedBatch(bytes).map((r) => ({
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key === null ? null : r.key.slice(),
    value: r.value === null ? null : r.value.slice(),
    headers: r.headers.map((h) => ({ key: h.key, value: h.value === null ? null : h.value.slice() })),
  }));
}
