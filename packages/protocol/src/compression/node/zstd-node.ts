import type * as ZstdWasm from "@bokuweb/zstd-wasm";
import { corrupt, maxBytesOf, tooLarge, type CompressionCodec, type DecompressOptions } from "../codec.js";
import { zstdFrames, type ZstdFrame } from "../zstd-frames.js";
import { lazyImport } from "./lazy-import.js";

/** Kafka's default zstd level (compression.zstd.level). */
const LEVEL = 3;
/** ZSTD_error_dstSize_tooSmall, negated as zstd-wasm reports it. */
const DESTINATION_TOO_SMALL = "code -70";

type Zstd = typeof ZstdWasm;

/** The wasm module loads and instantiates on first use (see ./lazy-import.ts). */
const initialized = lazyImport(async (): Promise<Zstd> => {
  const zstd = await import("@bokuweb/zstd-wasm");
  await zstd.init();
  return zstd;
});

/*
 * zstd-wasm's decompress sizes its output from the frame's content size, or from
 * `defaultHeapSize` when the frame has none (librdkafka's frames). Each frame is
 * decompressed on its own with that capacity set to its block-header bound,
 * clipped to the cap: output beyond the capacity is a zstd error, not an
 * allocation.
 */
function decompressFrame(zstd: Zstd, frame: ZstdFrame, room: number): Uint8Array {
  if (frame.contentSize !== null && frame.contentSize > room) throw tooLarge("zstd", room, frame.contentSize);
  const capacity = Math.min(frame.outputBound, room);
  try {
    return zstd.decompress(frame.bytes, { defaultHeapSize: Math.max(1, capacity) });
  } catch (cause) {
    const message = (cause as Error).message;
    // Past a bound computed from the block headers the frame itself is wrong; past the cap it is too big.
    if (message.endsWith(DESTINATION_TOO_SMALL) && capacity < frame.outputBound) {
      throw tooLarge("zstd", room, frame.outputBound);
    }
    throw corrupt("zstd", message, cause);
  }
}

/** Attributes id 4: zstd frames, with or without the content size field. */
export const zstdCodec: CompressionCodec = {
  id: 4,
  name: "zstd",
  compress: async (data: Uint8Array) => {
    const zstd = await initialized();
    return zstd.compress(data, LEVEL);
  },
  decompress: async (data: Uint8Array, options?: DecompressOptions) => {
    const maxBytes = maxBytesOf(options);
    const frames = zstdFrames(data);
    if (frames.length === 0) throw corrupt("zstd", "no frame");
    const zstd = await initialized();
    const outputs: Uint8Array[] = [];
    let total = 0;
    for (const frame of frames) {
      const output = decompressFrame(zstd, frame, maxBytes - total);
      total += output.byteLength;
      outputs.push(output);
    }
    if (outputs.length === 1) return outputs[0]!;
    const joined = new Uint8Array(total);
    let at = 0;
    for (const output of outputs) {
      joined.set(output, at);
      at += output.byteLength;
    }
    return joined;
  },
};
