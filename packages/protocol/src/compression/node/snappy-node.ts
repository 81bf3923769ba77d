import { corrupt, maxBytesOf, tooLarge, type CompressionCodec, type DecompressOptions } from "../codec.js";
import { isXerialFramed, snappyUncompressedLength, xerialBlocks } from "../snappy-framing.js";
import { lazyImport } from "./lazy-import.js";

const snappy = lazyImport(() => import("snappy"));

async function uncompressBlock(block: Uint8Array): Promise<Uint8Array> {
  try {
    return (await (await snappy()).uncompress(block, { asBuffer: true })) as Buffer;
  } catch (cause) {
    throw corrupt("snappy", (cause as Error).message, cause);
  }
}

/** Attributes id 2: writes one raw snappy block; reads raw blocks and the Java client's xerial framing. */
export const snappyCodec: CompressionCodec = {
  id: 2,
  name: "snappy",
  compress: async (data: Uint8Array) => await (await snappy()).compress(data),
  decompress: async (data: Uint8Array, options?: DecompressOptions) => {
    const maxBytes = maxBytesOf(options);
    const blocks = isXerialFramed(data) ? xerialBlocks(data) : [data];
    // Each block allocates exactly its declared length, so checking the sum bounds the memory.
    const declared = blocks.reduce((sum, block) => sum + snappyUncompressedLength(block), 0);
    if (declared > maxBytes) throw tooLarge("snappy", maxBytes, declared);
    if (blocks.length === 1) return await uncompressBlock(blocks[0]!);
    const output = new Uint8Array(declared);
    let at = 0;
    for (const block of blocks) {
      const plain = await uncompressBlock(block);
      output.set(plain, at);
      at += plain.byteLength;
    }
    return output;
  },
};
