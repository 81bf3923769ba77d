import type { CompressionCodec } from "../codec.js";
import { noCompression } from "../none.js";
import { gzipCodec } from "./gzip-node.js";
import { lz4Codec } from "./lz4-node.js";
import { snappyCodec } from "./snappy-node.js";
import { zstdCodec } from "./zstd-node.js";

/** The codecs backed by Node's zlib and native/wasm packages, indexed by attributes id. */
export const nodeCodecs: readonly CompressionCodec[] = [noCompression, gzipCodec, snappyCodec, lz4Codec, zstdCodec];
