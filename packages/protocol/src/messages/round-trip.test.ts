import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from "../framing/codec.js";
import type { ApiDefinition } from "./define.js";
import { SUPPORTED_APIS } from "./index.js";
import {
  arbitraryStruct,
  expectedAt,
  isFlexibleIn,
  loadMessageSpec,
  oracleRequestFrame,
  oracleResponseFrame,
  parseVersions,
  } from "./test-support/kafka-json-schema.js";

type Body = Record<string, unknown>;

/**
 * Where our decoded value deliberately differs from a plain projection of Kafka's
 * JSON: Metadata v0 cannot carry null, so an empty topic list there means "all
 * topics" and is decoded as null.
 */
const requestQuirks: Record<number, (expected: Body, version: number) => Body> = {
  3: (expected, version) =>
    version === 0 && Array.isArray(expected.topics) && expected.topics.length === 0 ? { ...expected, topics: null } : expected,
};

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

const runs: { label: string; minArrayLength: number; numRuns: number }[] = [
  { label: "sparse values", minArrayLength: 0, numRuns: 15 },
  { label: "every array populated", minArrayLength: 1, numRuns: 10 },
];

describe.each(SUPPORTED_APIS.map((api) => [api.name, api] as const))("%s", (name, api) => {
  const requestSpec = loadMessageSpec(`${name}Request`);
  const responseSpec = loadMessageSpec(`${name}Response`);

  it("matches Kafka's key, version range and flexible versions", () => {
    expect(requestSpec.apiKey).toBe(api.key);
    const valid = parseVersions(requestSpec.validVersions);
    expect(api.minVersion).toBeGreaterThanOrEqual(valid.min);
    expect(api.maxVersion).toBeLessThanOrEqual(valid.max);
    for (const version of versionsOf(api)) {
      const flexible = version >= api.flexibleFrom;
      expect(flexible, `v${version} request`).toBe(isFlexibleIn(requestSpec, version));
      expect(flexible, `v${version} response`).toBe(isFlexibleIn(responseSpec, version));
    }
  });

  describe.each(versionsOf(api))("v%i", (version) => {
    it.each(runs)("round-trips requests byte-exactly against Kafka's JSON ($label)", ({ minArrayLength, numRuns }) => {
      const options = { minArrayLength, minVersion: api.minVersion, maxVersion: api.maxVersion };
      const clientId = fc.option(fc.string({ maxLength: 12 }), { nil: null });
      fc.assert(
        fc.property(arbitraryStruct(requestSpec.fields, version, options), clientId, fc.integer(), (body, id, correlationId) => {
          const header = { apiKey: api.key, apiVersion: version, correlationId, clientId: id };
          const frame = concat(encodeRequest(api, header, body as never));
          expect(hex(frame)).toBe(hex(oracleRequestFrame(requestSpec, header, body)));

          const decoded = decodeRequest(api, frame.subarray(4));
          if (!decoded.ok) throw decoded.error;
          expect(decoded.value.header).toEqual(header);
          const quirk = requestQuirks[api.key] ?? ((expected: Body) => expected);
          expect(decoded.value.body).toEqual(quirk(expectedAt(requestSpec.fields, body, version, api), version));
        }),
        { numRuns },
      );
    });

    it.each(runs)("round-trips responses byte-exactly against Kafka's JSON ($label)", ({ minArrayLength, numRuns }) => {
      const options = { minArrayLength, minVersion: api.minVersion, maxVersion: api.maxVersion };
      fc.assert(
        fc.property(arbitraryStruct(responseSpec.fields, version, options), fc.integer(), (body, correlationId) => {
          const frame = concat(encodeResponse(api, version, correlationId, body as never));
          expect(hex(frame)).toBe(hex(oracleResponseFrame(responseSpec, version, correlationId, body)));

          const decoded = decodeResponse(api, version, frame.subarray(4));
          if (!decoded.ok) throw decoded.error;
          expect(decoded.value.correlationId).toBe(correlationId);
          expect(decoded.value.body).toEqual(expectedAt(responseSpec.fields, body, version, api));
        }),
        { numRuns },
      );
    });
  });
});
