/*
 * Every implemented API at every version, request and response, with random values
 * derived from our own schemas: encode → decode gives the value back (fields absent
 * in that version hold their fallback), the body is read to its last byte, and
 * re-encoding the decoded value reproduces the frame byte for byte.
 *
 * This proves the codec is self-consistent, not that a layout is Kafka's: that is
 * pinned by bytes written by hand from the spec (spec-layouts.test.ts) and by frames
 * captured from real clients (captured-frames.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from "../framing/codec.js";
import { Reader } from "../io/reader.js";
import { Writer } from "../io/writer.js";
import { arbitraryOf } from "../schema/test-support/arbitrary.js";
import type { WireType } from "../schema/types.js";
import { isFlexible, type ApiDefinition } from "./define.js";
import { SUPPORTED_APIS } from "./index.js";

/** A plain Uint8Array (not a Buffer), so decoded byte fields compare equal to the inputs. */
function concat(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

function versionsOf(api: ApiDefinition): number[] {
  const versions: number[] = [];
  for (let v = api.minVersion; v <= api.maxVersion; v++) versions.push(v);
  return versions;
}

/**
 * Writes a body alone and reads it back, requiring the reader to stop exactly at
 * the end: a field written in a version where it is absent would otherwise go
 * unnoticed when it is the last one (decodeRequest ignores trailing bytes).
 */
function bodyBytes(type: WireType<unknown>, value: unknown, flexible: boolean, version: number): Uint8Array {
  const writer = new Writer();
  type.write(writer, value, flexible, version);
  const bytes = writer.toBytes();
  const reader = new Reader(bytes);
  expect(type.read(reader, flexible, version)).toEqual(value);
  expect(reader.remaining, "bytes left after the body").toBe(0);
  return bytes;
}

function expectSizePrefix(frame: Uint8Array): void {
  expect(new DataView(frame.buffer, frame.byteOffset).getInt32(0)).toBe(frame.byteLength - 4);
}

const runs: { label: string; minArrayLength: number; numRuns: number }[] = [
  { label: "sparse values", minArrayLength: 0, numRuns: 50 },
  { label: "every array populated", minArrayLength: 1, numRuns: 25 },
];

const clientId = fc.option(fc.string({ maxLength: 12 }), { nil: null });
const correlationId = fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });

describe.each(SUPPORTED_APIS.map((api) => [api.name, api] as const))("%s", (_name, api) => {
  describe.each(versionsOf(api))("v%i", (version) => {
    const flexible = isFlexible(api, version);

    it.each(runs)("round-trips requests ($label)", ({ minArrayLength, numRuns }) => {
      const bodies = arbitraryOf(api.request, version, { minArrayLength });
      fc.assert(
        fc.property(bodies, clientId, correlationId, (body, id, correlation) => {
          const header = { apiKey: api.key, apiVersion: version, correlationId: correlation, clientId: id };
          const frame = concat(encodeRequest(api, header, body));
          expectSizePrefix(frame);
          expect(hex(frame).endsWith(hex(bodyBytes(api.request, body, flexible, version)))).toBe(true);

          const decoded = decodeRequest(api, frame.subarray(4));
          if (!decoded.ok) throw decoded.error;
          expect(decoded.value.header).toEqual(header);
          expect(decoded.value.body).toEqual(body);
          expect(hex(concat(encodeRequest(api, decoded.value.header, decoded.value.body)))).toBe(hex(frame));
        }),
        { numRuns },
      );
    });

    it.each(runs)("round-trips responses ($label)", ({ minArrayLength, numRuns }) => {
      const bodies = arbitraryOf(api.response, version, { minArrayLength });
      fc.assert(
        fc.property(bodies, correlationId, (body, correlation) => {
          const frame = concat(encodeResponse(api, version, correlation, body));
          expectSizePrefix(frame);
          expect(hex(frame).endsWith(hex(bodyBytes(api.response, body, flexible, version)))).toBe(true);

          const decoded = decodeResponse(api, version, frame.subarray(4));
          if (!decoded.ok) throw decoded.error;
          expect(decoded.value.correlationId).toBe(correlation);
          expect(decoded.value.body).toEqual(body);
          expect(hex(concat(encodeResponse(api, version, correlation, decoded.value.body)))).toBe(hex(frame));
        }),
        { numRuns },
      );
    });
  });
});
