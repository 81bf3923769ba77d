/**
 * The packed batch of src/packed/format.ts, read and written in place in linear
 * memory: little-endian, lengths of -1 mean null.
 *
 *   batch  := u32 count, record{count}
 *   record := i64 offset, i64 timestamp, i32 keyLen, key, i32 valueLen, value,
 *             u32 headerCount, header{headerCount}
 *   header := u32 keyLen, key (UTF-8), i32 valueLen, value
 */
import { SmartRecord } from "./record";

export const NULL_LENGTH: i32 = -1;
const BATCH_HEADER_BYTES: i32 = 4;
const RECORD_FIXED_BYTES: i32 = 20;

/** Why the last readBatch failed, worded like the JS SDK's PackedFormatError. */
export let packedError: string = "";

function truncated(at: i32, length: i32, size: i32): void {
  packedError = `PackedFormatError: packed batch is truncated: needs ${length} bytes at ${at}, has ${size}`;
}

function fits(at: i32, length: i32, size: i32): bool {
  if (length < 0 || at + length > size) {
    truncated(at, length, size);
    return false;
  }
  return true;
}

/** Reads a length field; -2 and below are malformed (reported), -1 is null. */
function lengthAt(base: usize, at: i32, size: i32): i32 {
  if (!fits(at, 4, size)) return i32.MIN_VALUE;
  const length = load<i32>(base + <usize>at);
  if (length < NULL_LENGTH) {
    packedError = `PackedFormatError: negative length ${length} at ${at}`;
    return i32.MIN_VALUE;
  }
  return length;
}

/** Splits the batch at `base` into records, checking every bound; null (and packedError) when it is malformed. */
export function readBatch(base: usize, size: i32): SmartRecord[] | null {
  if (!fits(0, BATCH_HEADER_BYTES, size)) return null;
  const count = load<u32>(base);
  const records = new Array<SmartRecord>();
  let cursor = BATCH_HEADER_BYTES;
  for (let i: u32 = 0; i < count; i++) {
    const start = cursor;
    if (!fits(start, RECORD_FIXED_BYTES, size)) return null;
    const keyLength = lengthAt(base, start + 16, size);
    if (keyLength == i32.MIN_VALUE) return null;
    if (keyLength > 0 && !fits(start + RECORD_FIXED_BYTES, keyLength, size)) return null;
    cursor = start + RECORD_FIXED_BYTES + max(keyLength, 0);
    const valueLength = lengthAt(base, cursor, size);
    if (valueLength == i32.MIN_VALUE) return null;
    const valueAt = cursor + 4;
    if (valueLength > 0 && !fits(valueAt, valueLength, size)) return null;
    const headersAt = valueAt + max(valueLength, 0);
    cursor = skipHeaders(base, headersAt, size);
    if (cursor < 0) return null;
    records.push(new SmartRecord(base, start, cursor, keyLength, valueAt, valueLength, headersAt, i32(i)));
  }
  if (cursor != size) {
    packedError = `PackedFormatError: packed batch has ${size - cursor} trailing bytes`;
    return null;
  }
  return records;
}

function skipHeaders(base: usize, at: i32, size: i32): i32 {
  if (!fits(at, 4, size)) return -1;
  const count = load<u32>(base + <usize>at);
  let cursor = at + 4;
  for (let i: u32 = 0; i < count; i++) {
    if (!fits(cursor, 4, size)) return -1;
    const keyLength = load<i32>(base + <usize>cursor);
    if (!fits(cursor + 4, keyLength, size)) return -1;
    cursor += 4 + keyLength;
    const valueLength = lengthAt(base, cursor, size);
    if (valueLength == i32.MIN_VALUE) return -1;
    cursor += 4;
    if (valueLength > 0 && !fits(cursor, valueLength, size)) return -1;
    cursor += max(valueLength, 0);
  }
  return cursor;
}

/**
 * The output batch, built in one unmanaged buffer that lives as long as the
 * instance: the host copies it out after each call, so it is reused, not freed.
 */
export class PackedWriter {
  static buffer: usize = 0;
  static capacity: i32 = 0;
  length: i32 = BATCH_HEADER_BYTES;
  count: i32 = 0;

  constructor(capacity: i32) {
    if (PackedWriter.capacity < capacity) {
      PackedWriter.buffer = PackedWriter.buffer == 0 ? heap.alloc(<usize>capacity) : heap.realloc(PackedWriter.buffer, <usize>capacity);
      PackedWriter.capacity = capacity;
    }
  }

  reserve(extra: i32): usize {
    const needed = this.length + extra;
    if (needed > PackedWriter.capacity) {
      const grown = max(needed, PackedWriter.capacity * 2);
      PackedWriter.buffer = heap.realloc(PackedWriter.buffer, <usize>grown);
      PackedWriter.capacity = grown;
    }
    return PackedWriter.buffer + <usize>this.length;
  }

  /** Appends bytes that are already packed (a kept record, or an input record's headers). */
  raw(from: usize, length: i32): void {
    memory.copy(this.reserve(length), from, <usize>length);
    this.length += length;
  }

  i32(value: i32): void {
    store<i32>(this.reserve(4), value);
    this.length += 4;
  }

  i64(value: i64): void {
    store<i64>(this.reserve(8), value);
    this.length += 8;
  }

  /** A length-prefixed field; length -1 writes null. */
  field(from: usize, length: i32): void {
    this.i32(length);
    if (length > 0) this.raw(from, length);
  }

  bytes(value: Uint8Array | null): void {
    if (value === null) this.i32(NULL_LENGTH);
    else this.field(value.dataStart, value.length);
  }

  /** Seals the batch: writes the record count; returns its length. */
  finish(): i32 {
    store<i32>(PackedWriter.buffer, this.count);
    return this.length;
  }
}
