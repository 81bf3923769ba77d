/*
 * LZ4 frame format (lz4_Frame_format.md), which librdkafka, the Java client and
 * lz4-napi write for attributes id 3:
 *
 *   magic 04 22 4D 18 | FLG | BD | [content size u64 LE] | [dict id u32 LE] | HC
 *   blocks: size u32 LE (high bit = stored uncompressed, 0 = end mark), data,
 *           [block checksum u32]
 *   [content checksum u32]
 *
 * lz4-napi grows its output as it decodes, so the cap has to be enforced before
 * calling it: a block never decodes to more than the frame's block maximum size
 * (the decoder enforces that), which gives a provable upper bound for the whole
 * input from the block headers alone.
 */
import { corrupt } from "./codec.js";

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const UNCOMPRESSED_FLAG = 0x80000000;
const BLOCK_MAX_BYTES: Readonly<Record<number, number>> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };

/** Upper bound of the decompressed size of every frame in `data`; throws CompressionError on a malformed frame. */
export function lz4OutputBound(data: Uint8Array): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const need = (at: number, size: number, what: string): void => {
    if (data.byteLength - at < size) throw corrupt("lz4", `${what} cut at byte ${at}`);
  };
  let bound = 0;
  let at = 0;
  while (at < data.byteLength) {
    need(at, 4, "frame magic");
    const magic = view.getUint32(at, true);
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      need(at + 4, 4, "skippable frame size");
      at += 8 + view.getUint32(at + 4, true);
      if (at > data.byteLength) throw corrupt("lz4", "skippable frame exceeds the input");
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt("lz4", `bad frame magic 0x${magic.toString(16)} at byte ${at}`);
    need(at + 4, 2, "frame descriptor");
    const flags = data[at + 4]!;
    const blockMaxBytes = BLOCK_MAX_BYTES[(data[at + 5]! >> 4) & 0x07];
    if (flags >> 6 !== 1) throw corrupt("lz4", `unsupported frame version ${flags >> 6}`);
    if (blockMaxBytes === undefined) throw corrupt("lz4", "invalid block maximum size");
    const blockChecksum = (flags & 0x10) !== 0;
    const contentSize = (flags & 0x08) !== 0;
    const contentChecksum = (flags & 0x04) !== 0;
    const dictionaryId = (flags & 0x01) !== 0;
    at += 4 + 2 + (contentSize ? 8 : 0) + (dictionaryId ? 4 : 0) + 1;
    need(at, 0, "frame header");
    for (;;) {
      need(at, 4, "block size");
      const word = view.getUint32(at, true);
      at += 4;
      if (word === 0) break;
      const size = (word & ~UNCOMPRESSED_FLAG) >>> 0;
      if (size > blockMaxBytes) throw corrupt("lz4", `block of ${size} bytes exceeds the frame's ${blockMaxBytes}`);
      need(at, size + (blockChecksum ? 4 : 0), "block");
      bound += (word & UNCOMPRESSED_FLAG) !== 0 ? size : blockMaxBytes;
      at += size + (blockChecksum ? 4 : 0);
    }
    if (contentChecksum) {
      need(at, 4, "content checksum");
      at += 4;
    }
  }
  return bound;
}
