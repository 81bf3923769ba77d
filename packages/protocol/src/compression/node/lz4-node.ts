import { corrupt, maxBytesOf, tooLarge, type CompressionCodec, type DecompressOptions } from "../codec.js";
import { lz4OutputBound } from "../lz4-frame-bound.js";
import { lazyImport } from "./lazy-import.js";

const lz4 = lazyImport(() => import("lz4-napi"));

/**
 * Attributes id 3: the LZ4 frame format. lz4-napi's default frame (64 KiB
 * independent blocks, no checksums) is what Kafka's own KafkaLZ4BlockOutputStream
 * writes, so every consumer can read it.
 */
export const lz4Codec: CompressionCodec = {
  id: 3,
  name: "lz4",
  compress: async (data: Uint8Array) => await (await lz4()).compressFrame(data),
  decompress: async (data: Uint8Array, options?: DecompressOptions) => {
    const maxBytes = maxBytesOf(options);
    const bound = lz4OutputBound(data);
    if (bound > maxBytes) throw tooLarge("lz4", maxBytes, bound);
    try {
      return await (await lz4()).decompressFrame(data);
    } catch (cause) {
      throw corrupt("lz4", (cause as Error).message, cause);
    }
  },
};
