import { compressFrame } from "lz4-napi";
import { describe, expect, it } from "vitest";
import { CompressionError } from "./codec.js";
import { lz4OutputBound } from "./lz4-frame-bound.js";
import { lz4Codec } from "./node/lz4-node.js";

/** Frame header: magic, FLG (version 01, independent blocks), BD (64 KiB blocks), header checksum byte. */
const HEADER_64K = [0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82];
const END_MARK = [0, 0, 0, 0];

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

describe("lz4OutputBound", () => {
  it("counts stored blocks by size and compressed blocks by the block maximum", () => {
    const frame = Uint8Array.from([...HEADER_64K, ...le32(0x8000_0003), 1, 2, 3, ...le32(2), 0x10, 0x41, ...END_MARK]);
    expect(lz4OutputBound(frame)).toBe(3 + 64 * 1024);
  });

  it("bounds what lz4-napi writes", async () => {
    const input = Buffer.alloc(300_000, "lz4 ");
    const frame = await compressFrame(input);
    expect(lz4OutputBound(frame)).toBeGreaterThanOrEqual(input.byteLength);
  });

  it.each([
    ["a cut header", Uint8Array.from(HEADER_64K.slice(0, 5))],
    ["a missing end mark", Uint8Array.from([...HEADER_64K, ...le32(0x8000_0001), 7])],
    ["a block larger than the frame allows", Uint8Array.from([...HEADER_64K, ...le32(64 * 1024 + 1)])],
    ["a wrong version", Uint8Array.from([0x04, 0x22, 0x4d, 0x18, 0xa0, 0x40, 0x82, ...END_MARK])],
  ])("refuses %s", (_, frame) => {
    expect(() => lz4OutputBound(frame)).toThrow(CompressionError);
  });

  it("makes the codec refuse a frame of many tiny blocks that could expand past the cap", async () => {
    const block = [...le32(2), 0x1f, 0x41];
    const frame = Uint8Array.from([...HEADER_64K, ...Array.from({ length: 40 }, () => block).flat(), ...END_MARK]);
    const outcome = await lz4Codec.decompress(frame, { maxBytes: 1024 * 1024 }).catch((reason: unknown) => reason);
    expect((outcome as CompressionError).kind).toBe("too-large");
  });
});
