import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompressionError, type CompressionCodec, type CompressionName } from "./codec.js";
import { codecFor } from "./codecs.js";

const NAMES: readonly CompressionName[] = ["none", "gzip", "snappy", "lz4", "zstd"];

function codec(name: CompressionName | number): CompressionCodec {
  const found = codecFor(name);
  if (!found.ok) throw found.error;
  return found.value;
}

function text(size: number): Uint8Array {
  const words = "offset batch record partition leader replica segment timestamp ".repeat(Math.ceil(size / 60));
  return new TextEncoder().encode(words.slice(0, size));
}

async function rejection(promise: Promise<unknown>): Promise<CompressionError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof CompressionError)) throw new Error(`expected a CompressionError, got ${String(error)}`);
  return error;
}

describe("codecFor", () => {
  it("finds each codec by attributes id and by name", () => {
    NAMES.forEach((name, id) => {
      expect(codec(id).name).toBe(name);
      expect(codec(name).id).toBe(id);
    });
  });

  it.each([5, 6, 7, -1, 8, "brotli", "toString", "GZIP"])("refuses %s", (idOrName) => {
    const found = codecFor(idOrName);
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.error.kind).toBe("unknown-codec");
  });
});

describe.each(NAMES)("%s codec", (name) => {
  it.each([1, 1000, 300_000])("round-trips %i bytes", async (size) => {
    const input = text(size);
    const compressed = await codec(name).compress(input);
    if (name !== "none" && size >= 1000) expect(compressed.byteLength).toBeLessThan(input.byteLength / 4);
    expect(Buffer.from(await codec(name).decompress(compressed)).equals(Buffer.from(input))).toBe(true);
  });

  it("refuses output above the cap and accepts it at the cap", async () => {
    const input = new Uint8Array(4 * 1024 * 1024);
    const compressed = await codec(name).compress(input);
    const error = await rejection(codec(name).decompress(compressed, { maxBytes: 1024 * 1024 }));
    expect(error.kind).toBe("too-large");
    expect((await codec(name).decompress(compressed, { maxBytes: input.byteLength })).byteLength).toBe(input.byteLength);
  });

  it("reports cut input as a CompressionError", async () => {
    if (name === "none") return;
    const compressed = await codec(name).compress(text(50_000));
    const error = await rejection(codec(name).decompress(compressed.subarray(0, compressed.byteLength - 7)));
    expect(error.kind).toBe("corrupt");
  });

  it("never fails with anything but a CompressionError on arbitrary bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const outcome: unknown = await codec(name)
          .decompress(bytes, { maxBytes: 1024 * 1024 })
          .then(
            () => null,
            (reason: unknown) => reason,
          );
        expect(outcome === null || outcome instanceof CompressionError).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never fails with anything but a CompressionError on mutated valid input", async () => {
    const valid = await codec(name).compress(text(20_000));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: valid.byteLength - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat({ max: valid.byteLength }),
        async (edits, cut) => {
          const bytes = valid.slice(0, Math.max(cut, 1));
          for (const [at, value] of edits) if (at < bytes.byteLength) bytes[at] = value;
          const outcome: unknown = await codec(name)
            .decompress(bytes, { maxBytes: 1024 * 1024 })
            .then(
              () => null,
              (reason: unknown) => reason,
            );
          expect(outcome === null || outcome instanceof CompressionError).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
