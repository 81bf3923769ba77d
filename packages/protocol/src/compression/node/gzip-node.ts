import { promisify } from "node:util";
import { gzip, unzip } from "node:zlib";
import { corrupt, maxBytesOf, tooLarge, type CompressionCodec, type DecompressOptions } from "../codec.js";

const gzipAsync = promisify(gzip);
const unzipAsync = promisify(unzip);

/** Attributes id 1: an RFC 1952 gzip stream (unzip also takes zlib, as librdkafka's inflate does). */
export const gzipCodec: CompressionCodec = {
  id: 1,
  name: "gzip",
  compress: async (data: Uint8Array) => await gzipAsync(data),
  decompress: async (data: Uint8Array, options?: DecompressOptions) => {
    const maxBytes = maxBytesOf(options);
    try {
      // maxOutputLength makes zlib stop inflating at the cap instead of buffering a bomb.
      return await unzipAsync(data, { maxOutputLength: Math.max(1, maxBytes) });
    } catch (cause) {
      if ((cause as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") {
        throw tooLarge("gzip", maxBytes);
      }
      throw corrupt("gzip", (cause as Error).message, cause);
    }
  },
};
