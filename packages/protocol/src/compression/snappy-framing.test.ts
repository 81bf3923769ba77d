import { compress } from "snappy";
import { describe, expect, it } from "vitest";
import { CompressionError } from "./codec.js";
import { snappyCodec } from "./node/snappy-node.js";
import { isXerialFramed, snappyUncompressedLength, xerialBlocks } from "./snappy-framing.js";

const XERIAL_HEADER = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1];

/** What snappy-java's SnappyOutputStream (the Java client) writes: a header, then int32-length-prefixed raw blocks. */
function xerial(blocks: readonly Uint8Array[]): Uint8Array {
  const bytes = [...XERIAL_HEADER];
  for (const block of blocks) {
    bytes.push((block.byteLength >>> 24) & 0xff, (block.byteLength >>> 16) & 0xff, (block.byteLength >>> 8) & 0xff, block.byteLength & 0xff);
    bytes.push(...block);
  }
  return Uint8Array.from(bytes);
}

const encoder = new TextEncoder();

describe("snappy framing", () => {
  it("decodes xerial-framed input written in several blocks", async () => {
    const parts = ["first block of records, ".repeat(300), "second block, ".repeat(200), "third"];
    const framed = xerial(await Promise.all(parts.map((part) => compress(part))));
    expect(isXerialFramed(framed)).toBe(true);
    expect(Buffer.from(await snappyCodec.decompress(framed)).toString()).toBe(parts.join(""));
  });

  it("still decodes raw blocks, which is what it writes", async () => {
    const raw = await snappyCodec.compress(encoder.encode("raw snappy ".repeat(100)));
    expect(isXerialFramed(raw)).toBe(false);
    expect(Buffer.from(await snappyCodec.decompress(raw)).toString()).toBe("raw snappy ".repeat(100));
  });

  it("refuses xerial blocks whose declared sizes add up past the cap", async () => {
    const block = await compress(Buffer.alloc(600 * 1024));
    const outcome = await snappyCodec.decompress(xerial([block, block]), { maxBytes: 1024 * 1024 }).catch((reason: unknown) => reason);
    expect((outcome as CompressionError).kind).toBe("too-large");
  });

  it("refuses a raw block whose preamble claims more than the cap before decoding it", async () => {
    // Preamble 0xFFFFFFFF0F = 4 GiB, followed by nothing: no allocation may happen.
    const outcome = await snappyCodec.decompress(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00])).catch((reason: unknown) => reason);
    expect((outcome as CompressionError).kind).toBe("too-large");
  });

  it("refuses a xerial block length that runs past the input", () => {
    const framed = Uint8Array.from([...XERIAL_HEADER, 0, 0, 0, 50, 1, 2, 3]);
    expect(() => xerialBlocks(framed)).toThrow(CompressionError);
  });

  it("reads the uncompressed-length preamble", () => {
    expect(snappyUncompressedLength(Uint8Array.from([0x80, 0x01]))).toBe(128);
    expect(() => snappyUncompressedLength(Uint8Array.from([0x80, 0x80]))).toThrow(CompressionError);
  });
});
