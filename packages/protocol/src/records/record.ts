/*
 * One record inside a batch v2 records section (DefaultRecord.java):
 *
 *   length:varint            bytes after this field
 *   attributes:int8          unused, 0
 *   timestampDelta:varlong   record timestamp - batch baseTimestamp
 *   offsetDelta:varint       record offset - batch baseOffset
 *   keyLength:varint         -1 = null key
 *   key:bytes
 *   valueLength:varint       -1 = null value (tombstone)
 *   value:bytes
 *   headersCount:varint
 *   headers: [ keyLength:varint key:utf8 (never null) valueLength:varint (-1 = null) value:bytes ]
 *
 * varint/varlong are ZigZag + LEB128. For values inside the int32 range both
 * encode to the same bytes, so timestamp deltas take the 32-bit path when they can.
 */
import type { Reader } from "../io/reader.js";
import { utf8Bytes, type Writer } from "../io/writer.js";

export interface RecordHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

export interface Record {
  readonly offsetDelta: number;
  readonly timestampDelta: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly RecordHeader[];
}

/** The smallest encoded record: seven one-byte fields (length, attributes, deltas, -1 key, -1 value, 0 headers). */
export const MIN_RECORD_BYTES = 7;
/** The smallest encoded header: empty key, null value. */
const MIN_HEADER_BYTES = 2;

/** Lenient like Java's `new String(bytes, UTF_8)`: librdkafka lets producers put any bytes in a header key. */
const headerKeyDecoder = new TextDecoder("utf-8");

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;

function fitsInt32(value: number): boolean {
  return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

function varintSize(value: number): number {
  let rest = ((value << 1) ^ (value >> 31)) >>> 0;
  let size = 1;
  while (rest >= 0x80) {
    rest >>>= 7;
    size++;
  }
  return size;
}

function varlongSize(value: number): number {
  if (fitsInt32(value)) return varintSize(value);
  let rest = BigInt.asUintN(64, (BigInt(value) << 1n) ^ (BigInt(value) >> 63n));
  let size = 1;
  while (rest >= 0x80n) {
    rest >>= 7n;
    size++;
  }
  return size;
}

function writeVarlong(writer: Writer, value: number): void {
  if (fitsInt32(value)) writer.varint(value);
  else writer.varlong(BigInt(value));
}

function nullableBytesSize(value: Uint8Array | null): number {
  return value === null ? 1 : varintSize(value.byteLength) + value.byteLength;
}

function writeNullableBytes(writer: Writer, value: Uint8Array | null): void {
  if (value === null) {
    writer.varint(-1);
    return;
  }
  writer.varint(value.byteLength);
  writer.bytes(value);
}

/** Appends one record, length prefix included. */
export function writeRecord(writer: Writer, record: Record): void {
  const headerKeys = record.headers.map((header) => utf8Bytes(header.key));
  let bodySize = 1 + varlongSize(record.timestampDelta) + varintSize(record.offsetDelta) + nullableBytesSize(record.key) + nullableBytesSize(record.value) + varintSize(record.headers.length);
  record.headers.forEach((header, index) => {
    bodySize += nullableBytesSize(headerKeys[index]!) + nullableBytesSize(header.value);
  });
  writer.varint(bodySize).int8(0);
  writeVarlong(writer, record.timestampDelta);
  writer.varint(record.offsetDelta);
  writeNullableBytes(writer, record.key);
  writeNullableBytes(writer, record.value);
  writer.varint(record.headers.length);
  record.headers.forEach((header, index) => {
    writeNullableBytes(writer, headerKeys[index]!);
    writeNullableBytes(writer, header.value);
  });
}

function readNullableBytes(reader: Reader, what: string): Uint8Array | null {
  const length = reader.varint();
  if (length === -1) return null;
  if (length < -1) reader.fail(`negative ${what} length ${length}`);
  return reader.bytes(length);
}

/**
 * Reads one record, length prefix included; throws DecodeError. Keys, values and
 * header values are views into the reader's bytes, not copies.
 */
export function readRecord(reader: Reader): Record {
  const length = reader.varint();
  if (length < MIN_RECORD_BYTES - 1) reader.fail(`record length ${length} below the minimum`);
  if (length > reader.remaining) reader.fail(`record length ${length} exceeds the ${reader.remaining} bytes left`);
  const end = reader.offset + length;
  reader.int8();
  const timestampDelta = reader.varlongNumber();
  const offsetDelta = reader.varint();
  const key = readNullableBytes(reader, "key");
  const value = readNullableBytes(reader, "value");
  const headerCount = reader.varint();
  if (headerCount < 0 || headerCount * MIN_HEADER_BYTES > end - reader.offset) {
    reader.fail(`header count ${headerCount} does not fit the record`);
  }
  const headers: RecordHeader[] = [];
  for (let index = 0; index < headerCount; index++) {
    const keyLength = reader.varint();
    if (keyLength < 0) reader.fail(`header key length ${keyLength}`);
    headers.push({ key: headerKeyDecoder.decode(reader.bytes(keyLength)), value: readNullableBytes(reader, "header value") });
  }
  if (reader.offset !== end) reader.fail(`record declared ${length} bytes but used ${length + reader.offset - end}`);
  return { offsetDelta, timestampDelta, key, value, headers };
}
