/*
 * OffsetForLeaderEpoch's layouts and round trips, every version, request and response
 * (its replica_id field and UNSPECIFIED_REPLICA_ID need cases of their own).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from "../framing/codec.js";
import { arbitraryOf } from "../schema/test-support/arbitrary.js";
import { offsetForLeaderEpoch, UNSPECIFIED_REPLICA_ID, type OffsetForLeaderEpochRequest, type OffsetForLeaderEpochResponse } from "./offset-for-leader-epoch.js";

const VERSIONS = [0, 1, 2, 3, 4];

function frameOf(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

function header(apiVersion: number) {
  return { apiKey: 23, apiVersion, correlationId: 7, clientId: "r" };
}

describe.each(VERSIONS)("OffsetForLeaderEpoch v%i", (version) => {
  it("round-trips requests: decode(encode(x)) = x and re-encoding gives the same bytes", () => {
    fc.assert(
      fc.property(arbitraryOf(offsetForLeaderEpoch.request, version, { minArrayLength: 1 }), (body) => {
        const frame = frameOf(encodeRequest(offsetForLeaderEpoch, header(version), body));
        const decoded = decodeRequest(offsetForLeaderEpoch, frame.subarray(4));
        if (!decoded.ok) throw decoded.error;
        expect(decoded.value.body).toEqual(body);
        expect(hex(frameOf(encodeRequest(offsetForLeaderEpoch, decoded.value.header, decoded.value.body)))).toBe(hex(frame));
      }),
      { numRuns: 60 },
    );
  });

  it("round-trips responses", () => {
    fc.assert(
      fc.property(arbitraryOf(offsetForLeaderEpoch.response, version, { minArrayLength: 1 }), (body) => {
        const frame = frameOf(encodeResponse(offsetForLeaderEpoch, version, 9, body));
        const decoded = decodeResponse(offsetForLeaderEpoch, version, frame.subarray(4));
        if (!decoded.ok) throw decoded.error;
        expect(decoded.value.body).toEqual(body);
        expect(hex(frameOf(encodeResponse(offsetForLeaderEpoch, version, 9, decoded.value.body)))).toBe(hex(frame));
      }),
      { numRuns: 60 },
    );
  });
});

const request: OffsetForLeaderEpochRequest = {
  replicaId: 3,
  topics: [{ topic: "ab", partitions: [{ partition: 1, currentLeaderEpoch: 5, leaderEpoch: 4 }] }],
};

const response: OffsetForLeaderEpochResponse = {
  throttleTimeMs: 10,
  topics: [{ topic: "ab", partitions: [{ errorCode: 0, partition: 1, leaderEpoch: 4, endOffset: 300n }] }],
};

/** The request header as written for client id "r": key, version, correlation id 7, client id. */
function headerHex(version: number): string {
  // Flexible versions (v4) end the header with an empty tagged-field buffer.
  return `0017 000${version} 00000007 0001 72${version >= 4 ? " 00" : ""}`;
}

function compact(fields: string): string {
  return fields.replaceAll(" ", "");
}

describe("OffsetForLeaderEpoch layouts, written by hand from the spec", () => {
  const topics = "00000001 0002 6162 00000001";
  const requestBodies: Record<number, string> = {
    0: `${topics} 00000001 00000004`,
    1: `${topics} 00000001 00000004`,
    2: `${topics} 00000001 00000005 00000004`,
    3: `00000003 ${topics} 00000001 00000005 00000004`,
    // Compact arrays and strings (length + 1 as a uvarint), a tagged-field buffer closing each struct.
    4: `00000003 02 03 6162 02 00000001 00000005 00000004 00 00 00`,
  };
  const responseBodies: Record<number, string> = {
    0: `${topics} 0000 00000001 000000000000012c`,
    1: `${topics} 0000 00000001 00000004 000000000000012c`,
    2: `0000000a ${topics} 0000 00000001 00000004 000000000000012c`,
    3: `0000000a ${topics} 0000 00000001 00000004 000000000000012c`,
    4: `00 0000000a 02 03 6162 02 0000 00000001 00000004 000000000000012c 00 00 00`,
  };

  it.each(VERSIONS)("request v%i: field order and version gates", (version) => {
    const bytes = frameOf(encodeRequest(offsetForLeaderEpoch, header(version), request));
    expect(hex(bytes.subarray(4))).toBe(compact(`${headerHex(version)} ${requestBodies[version]}`));
    const decoded = decodeRequest(offsetForLeaderEpoch, bytes.subarray(4));
    if (!decoded.ok) throw decoded.error;
    const expected = {
      replicaId: version >= 3 ? 3 : UNSPECIFIED_REPLICA_ID,
      topics: [{ topic: "ab", partitions: [{ partition: 1, currentLeaderEpoch: version >= 2 ? 5 : -1, leaderEpoch: 4 }] }],
    };
    expect(decoded.value.body).toEqual(expected);
  });

  it.each(VERSIONS)("response v%i: field order and version gates", (version) => {
    const bytes = frameOf(encodeResponse(offsetForLeaderEpoch, version, 9, response));
    expect(hex(bytes.subarray(4))).toBe(compact(`00000009 ${responseBodies[version]}`));
    const decoded = decodeResponse(offsetForLeaderEpoch, version, bytes.subarray(4));
    if (!decoded.ok) throw decoded.error;
    expect(decoded.value.body).toEqual({
      throttleTimeMs: version >= 2 ? 10 : 0,
      topics: [{ topic: "ab", partitions: [{ errorCode: 0, partition: 1, leaderEpoch: version >= 1 ? 4 : -1, endOffset: 300n }] }],
    });
  });
});
