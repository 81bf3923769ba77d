/*
 * Zstandard frames (RFC 8878 §3.1). librdkafka writes frames WITHOUT the content
 * size field (pitfall 26), so a decoder cannot size its output from the header.
 * Walking the block headers gives a provable upper bound instead: raw and RLE
 * blocks state their regenerated size, a compressed block regenerates at most
 * Block_Maximum_Size = min(window, 128 KiB) bytes.
 *
 *   frame:     magic 28 B5 2F FD | descriptor | [window] | [dict id] | [content size]
 *              blocks (3-byte LE header: last flag, type, size) | [checksum u32]
 *   skippable: magic 5? 2A 4D 18 | size u32 LE | data
 */
import { corrupt } from "./codec.js";

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX_BYTES = 128 * 1024;
const DICTIONARY_ID_BYTES = [0, 1, 2, 4] as const;
const CONTENT_SIZE_BYTES = [0, 2, 4, 8] as const;

export interface ZstdFrame {
  readonly bytes: Uint8Array;
  /** From the frame header, or null when the writer left it out. */
  readonly contentSize: number | null;
  /** contentSize when known, else the block-header bound. */
  readonly outputBound: number;
}

/** The data frames of `data` (skippable frames dropped); throws CompressionError on a malformed frame. */
export function zstdFrames(data: Uint8Array): ZstdFrame[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const need = (at: number, size: number, what: string): void => {
    if (data.byteLength - at < size) throw corrupt("zstd", `${what} cut at byte ${at}`);
  };
  const frames: ZstdFrame[] = [];
  let at = 0;
  while (at < data.byteLength) {
    const start = at;
    need(at, 4, "frame magic");
    const magic = view.getUint32(at, true);
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      need(at + 4, 4, "skippable frame size");
      at += 8 + view.getUint32(at + 4, true);
      if (at > data.byteLength) throw corrupt("zstd", "skippable frame exceeds the input");
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt("zstd", `bad frame magic 0x${magic.toString(16)} at byte ${at}`);
    need(at + 4, 1, "frame header descriptor");
    const descriptor = data[at + 4]!;
    if ((descriptor & 0x08) !== 0) throw corrupt("zstd", "reserved descriptor bit set");
    const singleSegment = (descriptor & 0x20) !== 0;
    const contentSizeFlag = descriptor >> 6;
    const contentSizeBytes = contentSizeFlag === 0 && singleSegment ? 1 : CONTENT_SIZE_BYTES[contentSizeFlag]!;
    const hasChecksum = (descriptor & 0x04) !== 0;
    at += 5 + (singleSegment ? 0 : 1) + DICTIONARY_ID_BYTES[descriptor & 0x03]!;
    need(at, contentSizeBytes, "frame content size");
    const contentSize = readContentSize(view, at, contentSizeBytes);
    at += contentSizeBytes;
    let blockBound = 0;
    for (let last = false; !last;) {
      need(at, 3, "block header");
      const header = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16);
      at += 3;
      last = (header & 1) === 1;
      const type = (header >> 1) & 0x03;
      const size = header >>> 3;
      if (type === 3) throw corrupt("zstd", "reserved block type");
      if (size > BLOCK_MAX_BYTES) throw corrupt("zstd", `block of ${size} bytes exceeds 128 KiB`);
      const stored = type === 1 ? 1 : size;
      need(at, stored, "block");
      blockBound += type === 2 ? BLOCK_MAX_BYTES : size;
      at += stored;
    }
    if (hasChecksum) {
      need(at, 4, "content checksum");
      at += 4;
    }
    frames.push({ bytes: data.subarray(start, at), contentSize, outputBound: contentSize ?? blockBound });
  }
  return frames;
}

function readContentSize(view: DataView, at: number, size: number): number | null {
  switch (size) {
    case 0:
      return null;
    case 1:
      return view.getUint8(at);
    case 2:
      return view.getUint16(at, true) + 256;
    case 4:
      return view.getUint32(at, true);
    default:
      return view.getUint32(at + 4, true) * 0x1_0000_0000 + view.getUint32(at, true);
  }
}
