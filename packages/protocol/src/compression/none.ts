import { maxBytesOf, tooLarge, type CompressionCodec, type DecompressOptions } from "./codec.js";

/** Attributes id 0: the records section is stored as is. */
export const noCompression: CompressionCodec = {
  id: 0,
  name: "none",
  compress: (data: Uint8Array) => Promise.resolve(data),
  decompress: (data: Uint8Array, options?: DecompressOptions) => {
    const maxBytes = maxBytesOf(options);
    if (data.byteLength > maxBytes) return Promise.reject(tooLarge("none", maxBytes, data.byteLength));
    return Promise.resolve(data);
  },
};
