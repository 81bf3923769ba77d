import type { SmartRecord, SmartRecordHeader } from "../record.js";
import { BATCH_HEADER_BYTES, NULL_LENGTH, PackedFormatError, RECORD_FIXED_BYTES, readInt64 } from "./format.js";

const textDecoder = new TextDecoder();

/**
 * One record of a packed batch, decoded lazily: only its boundaries are found up
 * front; key, value and headers are views into the batch made when first read.
 */
export class PackedRecord implements SmartRecord {
  #headers: SmartRecordHeader[] | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    /** Where the record starts and ends in the batch. */
    readonly start: number,
    readonly end: number,
    private readonly keyLength: number,
    private readonly valueAt: number,
    private readonly valueLength: number,
    private readonly headersAt: number,
  ) {}

  get offset(): number {
    return readInt64(this.view, this.start);
  }

  get timestamp(): number {
    return readInt64(this.view, this.start + 8);
  }

  get key(): Uint8Array | null {
    const at = this.start + RECORD_FIXED_BYTES;
    return this.keyLength === NULL_LENGTH ? null : this.bytes.subarray(at, at + this.keyLength);
  }

  get value(): Uint8Array | null {
    return this.valueLength === NULL_LENGTH ? null : this.bytes.subarray(this.valueAt, this.valueAt + this.valueLength);
  }

  get headers(): readonly SmartRecordHeader[] {
    this.#headers ??= readHeaders(this.bytes, this.view, this.headersAt);
    return this.#headers;
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
    const value = this.value;
    return value === null ? "" : textDecoder.decode(value);
  }

  /** The value parsed as JSON; throws (a per-record error) when it is not JSON. */
  json<T = unknown>(): T {
    return JSON.parse(this.valueText()) as T;
  }
}

function need(bytes: Uint8Array, at: number, length: number): void {
  if (length < 0 || at + length > bytes.byteLength) {
    throw new PackedFormatError(`packed batch is truncated: needs ${length} bytes at ${at}, has ${bytes.byteLength}`);
  }
}

function readLength(bytes: Uint8Array, view: DataView, at: number): number {
  need(bytes, at, 4);
  const length = view.getInt32(at, true);
  if (length < NULL_LENGTH) throw new PackedFormatError(`negative length ${length} at ${at}`);
  return length;
}

function readHeaders(bytes: Uint8Array, view: DataView, at: number): SmartRecordHeader[] {
  const count = view.getUint32(at, true);
  const headers: SmartRecordHeader[] = [];
  let cursor = at + 4;
  for (let i = 0; i < count; i++) {
    const keyLength = view.getUint32(cursor, true);
    const key = textDecoder.decode(bytes.subarray(cursor + 4, cursor + 4 + keyLength));
    cursor += 4 + keyLength;
    const valueLength = view.getInt32(cursor, true);
    cursor += 4;
    const value = valueLength === NULL_LENGTH ? null : bytes.subarray(cursor, cursor + valueLength);
    cursor += Math.max(valueLength, 0);
    headers.push({ key, value });
  }
  return headers;
}

/** Skips over the headers at `at`, checking their bounds; returns where they end. */
function skipHeaders(bytes: Uint8Array, view: DataView, at: number): number {
  need(bytes, at, 4);
  const count = view.getUint32(at, true);
  let cursor = at + 4;
  for (let i = 0; i < count; i++) {
    need(bytes, cursor, 4);
    const keyLength = view.getUint32(cursor, true);
    need(bytes, cursor + 4, keyLength);
    cursor += 4 + keyLength;
    const valueLength = readLength(bytes, view, cursor);
    cursor += 4;
    if (valueLength > 0) need(bytes, cursor, valueLength);
    cursor += Math.max(valueLength, 0);
  }
  return cursor;
}

/** Splits a packed batch into lazily decoded records; throws PackedFormatError on malformed input. */
export function readPackedBatch(bytes: Uint8Array): PackedRecord[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  need(bytes, 0, BATCH_HEADER_BYTES);
  const count = view.getUint32(0, true);
  const records: PackedRecord[] = [];
  let cursor = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const start = cursor;
    need(bytes, start, RECORD_FIXED_BYTES);
    const keyLength = readLength(bytes, view, start + 16);
    cursor = start + RECORD_FIXED_BYTES + Math.max(keyLength, 0);
    const valueLength = readLength(bytes, view, cursor);
    const valueAt = cursor + 4;
    if (valueLength > 0) need(bytes, valueAt, valueLength);
    const headersAt = valueAt + Math.max(valueLength, 0);
    cursor = skipHeaders(bytes, view, headersAt);
    records.push(new PackedRecord(bytes, view, start, cursor, keyLength, valueAt, valueLength, headersAt));
  }
  if (cursor !== bytes.byteLength) throw new PackedFormatError(`packed batch has ${bytes.byteLength - cursor} trailing bytes`);
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
