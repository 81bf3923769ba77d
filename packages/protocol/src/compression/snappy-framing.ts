/*
 * Snappy as it appears in Kafka batches. librdkafka and the kafkajs codecs write
 * one raw snappy block; the Java client writes snappy-java's "xerial" framing:
 *
 *   magic   8 bytes  82 'S' 'N' 'A' 'P' 'P' 'Y' 00
 *   version int32 BE (1), compatible version int32 BE (1)
 *   then repeated: length int32 BE, raw snappy block of that length
 *
 * Decoders must accept both (librdkafka rdkafka_msgset_reader.c does the same
 * magic check). A raw block starts with its uncompressed length as an unsigned
 * LEB128 varint, which lets us refuse a bomb before anything is allocated.
 */
import { corrupt } from "./codec.js";

const XERIAL_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00] as const;
const XERIAL_HEADER_BYTES = 16;

export function isXerialFramed(data: Uint8Array): boolean {
  return data.byteLength >= XERIAL_HEADER_BYTES && XERIAL_MAGIC.every((byte, index) => data[index] === byte);
}

/** The raw blocks of a xerial-framed buffer; throws CompressionError if the framing is cut or lies. */
export function xerialBlocks(data: Uint8Array): Uint8Array[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const blocks: Uint8Array[] = [];
  let at = XERIAL_HEADER_BYTES;
  while (at < data.byteLength) {
    if (data.byteLength - at < 4) throw corrupt("snappy", `xerial block length cut at byte ${at}`);
    const length = view.getInt32(at);
    at += 4;
    if (length < 0 || length > data.byteLength - at) {
      throw corrupt("snappy", `xerial block of ${length} bytes at byte ${at} exceeds the input`);
    }
    blocks.push(data.subarray(at, at + length));
    at += length;
  }
  return blocks;
}

/** The length a raw snappy block declares for its output; throws CompressionError if the preamble is malformed. */
export function snappyUncompressedLength(block: Uint8Array): number {
  let length = 0;
  for (let index = 0; index < 5 && index < block.byteLength; index++) {
    const byte = block[index]!;
    length += (byte & 0x7f) * 2 ** (7 * index);
    if ((byte & 0x80) === 0) {
      if (length > 0xffffffff) break;
      return length;
    }
  }
  throw corrupt("snappy", "invalid uncompressed-length preamble");
}
