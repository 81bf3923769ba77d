import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FrameDecoder, type FrameError } from "./frame-decoder.js";

/** Real request frames (kcat, kafkajs) plus one large enough to span many chunks. */
function sampleFrames(): Uint8Array[] {
  const url = new URL("../../test-fixtures/kcat-requests.json", import.meta.url);
  const captured = (JSON.parse(readFileSync(url, "utf8")) as { frames: { hex: string }[] }).frames;
  const large = new Uint8Array(9000).map((_, i) => i % 251);
  return [...captured.slice(0, 6).map((f) => new Uint8Array(Buffer.from(f.hex, "hex"))), large, new Uint8Array(0)];
}

function sizePrefixed(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + frame.byteLength);
  new DataView(out.buffer).setInt32(0, frame.byteLength);
  out.set(frame, 4);
  return out;
}

function stream(frames: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(frames.map(sizePrefixed)));
}

function feed(decoder: FrameDecoder, chunks: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const chunk of chunks) {
    const pushed = decoder.push(chunk);
    if (!pushed.ok) throw new Error(pushed.error.message);
    out.push(...pushed.value);
  }
  return out;
}

function hexes(frames: Uint8Array[]): string[] {
  return frames.map((f) => Buffer.from(f).toString("hex"));
}

function sizePrefix(size: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, size >>> 0);
  return out;
}

function expectError(result: ReturnType<FrameDecoder["push"]>): FrameError {
  if (result.ok) throw new Error("expected a frame error");
  return result.error;
}

describe("FrameDecoder", () => {
  const frames = sampleFrames();
  const bytes = stream(frames);

  it("returns every frame of a chunk holding several frames", () => {
    const decoder = new FrameDecoder();
    expect(hexes(feed(decoder, [bytes]))).toEqual(hexes(frames));
    expect(decoder.bufferedBytes).toBe(0);
  });

  it("hands out frames of a single chunk without copying them", () => {
    const [frame] = feed(new FrameDecoder(), [bytes]);
    expect(frame?.buffer).toBe(bytes.buffer);
  });

  it("reassembles the stream split in two at every byte offset", () => {
    for (let cut = 0; cut <= bytes.byteLength; cut++) {
      const decoder = new FrameDecoder();
      const decoded = feed(decoder, [bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(hexes(decoded), `cut at ${cut}`).toEqual(hexes(frames));
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it("reassembles the stream fed byte by byte", () => {
    const decoder = new FrameDecoder();
    const chunks = Array.from({ length: bytes.byteLength }, (_, i) => bytes.subarray(i, i + 1));
    expect(hexes(feed(decoder, chunks))).toEqual(hexes(frames));
  });

  it("keeps an incomplete frame buffered until its last byte arrives", () => {
    const decoder = new FrameDecoder();
    const first = sizePrefixed(frames[0]!);
    expect(feed(decoder, [first.subarray(0, first.byteLength - 1)])).toEqual([]);
    expect(decoder.bufferedBytes).toBe(first.byteLength - 1);
    expect(hexes(feed(decoder, [first.subarray(-1)]))).toEqual(hexes([frames[0]!]));
  });

  it("rejects a 2 GB size prefix (negative as int32) as soon as the prefix arrives, without allocating", () => {
    const before = process.memoryUsage().arrayBuffers;
    const decoder = new FrameDecoder();
    const error = expectError(decoder.push(sizePrefix(0x8000_0000)));
    expect(error.kind).toBe("frame-too-small");
    expect(error.size).toBe(-0x8000_0000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it("rejects a size prefix just under 2 GB above the limit, also when it arrives byte by byte", () => {
    const before = process.memoryUsage().arrayBuffers;
    const decoder = new FrameDecoder();
    const prefix = sizePrefix(0x7fff_ffff);
    for (const byte of prefix.subarray(0, 3)) expect(feed(decoder, [Uint8Array.of(byte)])).toEqual([]);
    const error = expectError(decoder.push(prefix.subarray(3)));
    expect(error).toMatchObject({ kind: "frame-too-large", size: 0x7fff_ffff });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it("rejects -1 and honours a configured minimum and maximum", () => {
    expect(expectError(new FrameDecoder().push(sizePrefix(-1))).kind).toBe("frame-too-small");
    const bounded = { maxFrameBytes: 100, minFrameBytes: 8 };
    expect(expectError(new FrameDecoder(bounded).push(sizePrefix(7))).kind).toBe("frame-too-small");
    expect(expectError(new FrameDecoder(bounded).push(sizePrefix(101))).kind).toBe("frame-too-large");
    const atLimit = new Uint8Array(100);
    expect(feed(new FrameDecoder(bounded), [sizePrefixed(atLimit)])).toHaveLength(1);
  });

  it("fails on a bad size prefix behind a good frame in the same chunk and stays poisoned", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 1 << 20 });
    const good = sizePrefixed(frames[0]!);
    const error = expectError(decoder.push(new Uint8Array(Buffer.concat([good, sizePrefix(1 << 21)]))));
    expect(error.kind).toBe("frame-too-large");
    expect(decoder.bufferedBytes).toBe(0);
    const again = expectError(decoder.push(good));
    expect(again).toBe(error);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it("applies a changed limit to the next frame's size prefix", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 1_000 });
    expect(feed(decoder, [sizePrefixed(new Uint8Array(900))])).toHaveLength(1);
    decoder.maxFrameBytes = 100;
    expect(expectError(decoder.push(sizePrefix(900))).kind).toBe("frame-too-large");
  });
});
