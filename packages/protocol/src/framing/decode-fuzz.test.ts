/*
 * Hostile input: whatever bytes arrive, the decoders answer with a Result and never
 * throw, and a frame cut short is always an error, never a smaller valid message.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DecodeError } from "../io/decode-error.js";
import type { ApiDefinition } from "../messages/define.js";
import type { Result } from "../result.js";
import { apiByKey, produce, SUPPORTED_APIS } from "../messages/index.js";
import { decodeRequest, decodeResponse, encodeRequest } from "./codec.js";

interface CapturedFrame {
  readonly apiKey: number;
  readonly hex: string;
}

const captured: { api: ApiDefinition; bytes: Uint8Array }[] = ["kcat", "kafkajs"].flatMap((client) => {
  const url = new URL(`../../test-fixtures/${client}-requests.json`, import.meta.url);
  const frames = (JSON.parse(readFileSync(url, "utf8")) as { frames: CapturedFrame[] }).frames;
  return frames.map((f) => ({ api: apiByKey(f.apiKey)!, bytes: new Uint8Array(Buffer.from(f.hex, "hex")) }));
});

const apiVersionPairs = SUPPORTED_APIS.flatMap((api) => Array.from({ length: api.maxVersion - api.minVersion + 1 }, (_, i) => ({ api, version: api.minVersion + i })));

function preamble(api: ApiDefinition, version: number): Uint8Array {
  const out = new Uint8Array(10);
  const view = new DataView(out.buffer);
  view.setInt16(0, api.key);
  view.setInt16(2, version);
  view.setInt32(4, 1);
  view.setInt16(8, -1);
  return out;
}

/**
 * A decode that throws fails the property. So does an error the codec's safety net
 * caught ("malformed input", wrapping the original exception): bad input must be
 * refused by the bounded reader's own checks, not by a crash in the schema code.
 */
function decodesToResult(run: () => Result<unknown, DecodeError>): boolean {
  const result = run();
  if (!result.ok && result.error.message.startsWith("malformed input")) throw result.error;
  return true;
}

/** When mutated bytes still decode, the decoded value must survive its own round trip. */
function stableWhenAccepted(api: ApiDefinition, bytes: Uint8Array): void {
  const first = decodeRequest(api, bytes);
  if (!first.ok) return;
  const again = decodeRequest(api, new Uint8Array(Buffer.concat(encodeRequest(api, first.value.header, first.value.body))).subarray(4));
  expect(again.ok && again.value).toEqual(first.value);
}

type Mutation =
  { kind: "flip"; at: number; value: number } | { kind: "insert"; at: number; bytes: Uint8Array } | { kind: "delete"; at: number; count: number } | { kind: "length"; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("length" as const), at: fc.nat(), value: fc.constantFrom(0x7fff, 0x7fffffff, -2, 0xffff) }),
);

function mutate(bytes: Uint8Array, steps: Mutation[]): Uint8Array {
  let out = Buffer.from(bytes);
  for (const step of steps) {
    const at = out.byteLength === 0 ? 0 : step.at % out.byteLength;
    if (step.kind === "flip" && out.byteLength > 0) out[at] = step.value;
    if (step.kind === "insert") out = Buffer.concat([out.subarray(0, at), step.bytes, out.subarray(at)]);
    if (step.kind === "delete") out = Buffer.concat([out.subarray(0, at), out.subarray(at + step.count)]);
    // Plant a lying int16/int32 length or count at a random place.
    if (step.kind === "length" && at + 4 <= out.byteLength) out.writeInt32BE(step.value | 0, at);
  }
  return new Uint8Array(out);
}

describe("decoder fuzzing", () => {
  it("returns a Result for random bodies behind a valid preamble, for every api and version", () => {
    for (const { api, version } of apiVersionPairs) {
      const head = preamble(api, version);
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 96 }), (body) => decodesToResult(() => decodeRequest(api, new Uint8Array(Buffer.concat([head, body]))))),
        { numRuns: 150 },
      );
    }
  });

  it("returns a Result for random response bytes, for every api and version", () => {
    for (const { api, version } of apiVersionPairs) {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => decodesToResult(() => decodeResponse(api, version, bytes))),
        { numRuns: 100 },
      );
    }
  });

  it("returns a Result for entirely random frames", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUPPORTED_APIS), fc.uint8Array({ maxLength: 64 }), (api, bytes) => decodesToResult(() => decodeRequest(api, bytes))),
      { numRuns: 2000 },
    );
  });

  it("returns a Result for mutated captured client frames, and accepted ones round-trip", () => {
    fc.assert(
      fc.property(fc.constantFrom(...captured), fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ api, bytes }, steps) => {
        const mutated = mutate(bytes, steps);
        expect(decodesToResult(() => decodeRequest(api, mutated))).toBe(true);
        stableWhenAccepted(api, mutated);
      }),
      { numRuns: 3000 },
    );
  });

  it("rejects every truncation of every captured frame", () => {
    for (const { api, bytes } of captured) {
      expect(decodeRequest(api, bytes).ok).toBe(true);
      for (let length = 0; length < bytes.byteLength; length++) {
        expect(decodeRequest(api, bytes.subarray(0, length)).ok, `${api.name} cut to ${length} of ${bytes.byteLength}`).toBe(false);
      }
    }
  });

  it("rejects a lying array count quickly instead of allocating for it", () => {
    const frame = new Uint8Array(Buffer.concat([preamble(produce, 7), Buffer.from("ffff" + "ffff" + "00007530" + "7fffffff", "hex")]));
    const started = performance.now();
    const result = decodeRequest(produce, frame);
    expect(!result.ok && result.error.message).toMatch(/array count 2147483647 exceeds/);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
