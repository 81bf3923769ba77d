import { describe, expect, it } from "vitest";
import { CompressionError } from "./codec.js";
import { zstdCodec } from "./node/zstd-node.js";
import { zstdFrames } from "./zstd-frames.js";

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** Window_Descriptor for a 512 KiB window (exponent 9: 2^(10+9)). */
const WINDOW_512K = 9 << 3;
const BLOCK_MAX = 128 * 1024;

function blockHeader(size: number, type: 0 | 1 | 2, last: boolean): number[] {
  const word = (size << 3) | (type << 1) | (last ? 1 : 0);
  return [word & 0xff, (word >> 8) & 0xff, (word >> 16) & 0xff];
}

/**
 * Rewrites a frame written with a content size into the shape librdkafka writes:
 * no Frame_Content_Size, no single-segment flag, an explicit window descriptor.
 */
function withoutContentSize(frame: Uint8Array): Uint8Array {
  const descriptor = frame[4]!;
  const singleSegment = (descriptor & 0x20) !== 0;
  const fcsFlag = descriptor >> 6;
  const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : [0, 2, 4, 8][fcsFlag]!;
  const headerBytes = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 0x03]! + fcsBytes;
  return Uint8Array.from([...MAGIC, descriptor & 0x07, WINDOW_512K, ...frame.subarray(headerBytes)]);
}

/** A frame of RLE blocks: a few bytes each, BLOCK_MAX bytes out each, and no content size. */
function rleBomb(blocks: number): Uint8Array {
  const bytes = [...MAGIC, 0x00, WINDOW_512K];
  for (let index = 0; index < blocks; index++) bytes.push(...blockHeader(BLOCK_MAX, 1, index === blocks - 1), 0x41);
  return Uint8Array.from(bytes);
}

function sample(size: number): Uint8Array {
  return new TextEncoder().encode("zstd frame without a content size ".repeat(size / 34 + 1).slice(0, size));
}

describe("zstdFrames", () => {
  it("reads the content size in each of its encodings", () => {
    const raw = (descriptor: number, fcs: number[]) => Uint8Array.from([...MAGIC, descriptor, ...fcs, ...blockHeader(0, 0, true)]);
    expect(zstdFrames(raw(0x20, [7]))[0]!.contentSize).toBe(7);
    expect(zstdFrames(raw(0x60, [0x01, 0x00]))[0]!.contentSize).toBe(257);
    expect(zstdFrames(raw(0xa0, [0x00, 0x00, 0x01, 0x00]))[0]!.contentSize).toBe(65536);
    expect(zstdFrames(raw(0xe0, [0, 0, 0, 0, 1, 0, 0, 0]))[0]!.contentSize).toBe(2 ** 32);
    expect(zstdFrames(raw(0x00, [WINDOW_512K]))[0]!.contentSize).toBeNull();
  });

  it("bounds a frame without content size from its block headers", () => {
    const [frame] = zstdFrames(rleBomb(3));
    expect(frame!.contentSize).toBeNull();
    expect(frame!.outputBound).toBe(3 * BLOCK_MAX);
  });

  it("drops skippable frames and splits concatenated frames", () => {
    const first = rleBomb(1);
    const skippable = Uint8Array.from([0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 9, 9]);
    const frames = zstdFrames(Uint8Array.from([...first, ...skippable, ...first]));
    expect(frames.map((frame) => frame.bytes.byteLength)).toEqual([first.byteLength, first.byteLength]);
  });

  it.each([
    ["a cut block", rleBomb(2).subarray(0, 9)],
    ["a reserved block type", Uint8Array.from([...MAGIC, 0x00, WINDOW_512K, ...blockHeader(1, 3 as 0, true), 0])],
    ["a block above 128 KiB", Uint8Array.from([...MAGIC, 0x00, WINDOW_512K, ...blockHeader(BLOCK_MAX + 1, 1, true), 0])],
    ["a bad magic", Uint8Array.from([1, 2, 3, 4, 5])],
  ])("refuses %s", (_, bytes) => {
    expect(() => zstdFrames(bytes)).toThrow(CompressionError);
  });
});

describe("zstd codec on frames without content size (librdkafka's)", () => {
  it("decompresses multi-block compressed frames", async () => {
    const input = sample(600_000);
    const frame = withoutContentSize(await zstdCodec.compress(input));
    expect(zstdFrames(frame)[0]!.contentSize).toBeNull();
    expect(Buffer.from(await zstdCodec.decompress(frame)).equals(Buffer.from(input))).toBe(true);
  });

  it("refuses an RLE bomb above the cap without allocating it", async () => {
    const bomb = rleBomb(1000);
    const outcome = await zstdCodec.decompress(bomb, { maxBytes: 1024 * 1024 }).catch((reason: unknown) => reason);
    expect(outcome).toBeInstanceOf(CompressionError);
    expect((outcome as CompressionError).kind).toBe("too-large");
  });

  it("decodes an RLE frame that stays under the cap", async () => {
    const output = await zstdCodec.decompress(rleBomb(4));
    expect(output.byteLength).toBe(4 * BLOCK_MAX);
    expect(output.every((byte) => byte === 0x41)).toBe(true);
  });

  it("joins concatenated frames with and without content size", async () => {
    const first = await zstdCodec.compress(sample(1000));
    const second = withoutContentSize(await zstdCodec.compress(sample(2000)));
    const output = await zstdCodec.decompress(Uint8Array.from([...first, ...second]));
    expect(Buffer.from(output).toString()).toBe(Buffer.from([...sample(1000), ...sample(2000)]).toString());
  });

  it("refuses a frame whose declared content size is above the cap", async () => {
    const frame = await zstdCodec.compress(sample(5000));
    const outcome = await zstdCodec.decompress(frame, { maxBytes: 4999 }).catch((reason: unknown) => reason);
    expect((outcome as CompressionError).kind).toBe("too-large");
  });
});
