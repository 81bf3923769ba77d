/*
 * Message sets of magic 0 and 1, the formats before record batches (KIP-98):
 *
 *   MessageSet  => [offset:int64 message_size:int32 Message]
 *   Message v0  => crc:uint32 magic:int8(0) attributes:int8 key:BYTES value:BYTES
 *   Message v1  => crc:uint32 magic:int8(1) attributes:int8 timestamp:int64 key:BYTES value:BYTES
 *
 * crc is CRC-32 (IEEE) over magic..end. attributes bits 0-2 are the codec and bit 3
 * (v1) the timestamp type. A compressed message is a wrapper whose value is a
 * compressed inner message set; in v1 the inner offsets are relative (0..n-1).
 * The broker reads them from Produce v0-2 and writes them for Fetch v0-3.
 */
import { crc32 } from "@node-rs/crc32";
import { codecFor } from "../compression/codecs.js";
import { Reader } from "../io/reader.js";
import { Writer } from "../io/writer.js";
import { err, ok, type Result } from "../result.js";

export type LegacyMagic = 0 | 1;

export interface LegacyMessage {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  /** -1 for magic 0, which has no timestamps. */
  readonly timestamp: number;
}

export interface ReadMessageSet {
  readonly messages: LegacyMessage[];
  /** Codec of the (first) compressed wrapper, 0 when nothing was compressed. */
  readonly codec: number;
}

const CODEC_MASK = 0x07;
const TIMESTAMP_LOG_APPEND = 0x08;
/** offset + message_size. */
const LOG_OVERHEAD = 12;
/** Nested wrappers are not valid Kafka; one level of compression is all there is. */
const MAX_DEPTH = 1;

function crcOf(bytes: Uint8Array): number {
  return crc32(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) >>> 0;
}

function nullableBytes(reader: Reader): Uint8Array | null {
  const length = reader.int32();
  if (length < -1) reader.fail(`invalid length ${length}`);
  return length === -1 ? null : reader.bytes(length);
}

async function readInto(set: Uint8Array, depth: number, out: LegacyMessage[], codecs: number[]): Promise<void> {
  const reader = new Reader(set);
  while (reader.remaining > 0) {
    if (reader.remaining < LOG_OVERHEAD) reader.fail("message set ends inside a message header");
    reader.int64();
    const size = reader.int32();
    if (size < 14 || size > reader.remaining) reader.fail(`message size ${size} does not fit the message set`);
    const body = reader.bytes(size);
    const message = new Reader(body);
    const crc = message.uint32();
    if (crc !== crcOf(body.subarray(4))) message.fail("message CRC mismatch");
    const magic = message.int8();
    if (magic !== 0 && magic !== 1) message.fail(`message magic ${magic} in a legacy message set`);
    const attributes = message.int8();
    const timestamp = magic === 1 ? Number(message.int64()) : -1;
    const key = nullableBytes(message);
    const value = nullableBytes(message);
    const codec = attributes & CODEC_MASK;
    if (codec === 0) {
      out.push({ key, value, timestamp });
      continue;
    }
    if (depth >= MAX_DEPTH || value === null) return message.fail("nested or empty compressed message");
    const found = codecFor(codec);
    if (!found.ok) return message.fail(found.error.message);
    codecs.push(codec);
    await readInto(await found.value.decompress(value), depth + 1, out, codecs);
  }
}

/** Every message of a magic 0/1 message set, compressed wrappers unpacked, with the codec they used. */
export async function readLegacyMessageSet(set: Uint8Array): Promise<Result<ReadMessageSet, string>> {
  const messages: LegacyMessage[] = [];
  const codecs: number[] = [];
  try {
    await readInto(set, 0, messages, codecs);
  } catch (cause) {
    // Decode errors, CRC mismatches and codec failures all mean the producer's bytes are bad.
    if (cause instanceof Error) return err(cause.message);
    throw cause;
  }
  if (messages.length === 0) return err("empty message set");
  return ok({ messages, codec: codecs[0] ?? 0 });
}

export interface MessageToWrite {
  readonly offset: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly timestamp: number;
  readonly logAppendTime: boolean;
}

/** Writes uncompressed messages of `magic`: what Kafka's down-conversion gives old consumers. */
export function writeLegacyMessageSet(messages: readonly MessageToWrite[], magic: LegacyMagic): Uint8Array {
  const writer = new Writer();
  for (const m of messages) {
    const body = new Writer();
    body.int8(magic).int8(magic === 1 && m.logAppendTime ? TIMESTAMP_LOG_APPEND : 0);
    if (magic === 1) body.int64(BigInt(m.timestamp));
    for (const field of [m.key, m.value]) {
      body.int32(field === null ? -1 : field.byteLength);
      if (field !== null) body.bytes(field);
    }
    const bytes = body.toBytes();
    writer
      .int64(BigInt(m.offset))
      .int32(bytes.byteLength + 4)
      .uint32(crcOf(bytes))
      .bytes(bytes);
  }
  return writer.toBytes();
}
