import { describe, expect, it } from "vitest";
import { ZERO_UUID } from "../schema/types.js";
import { decodeRequest, encodeRequest } from "../framing/codec.js";
import { fetch, metadata, offsetFetch, type MetadataRequest, type OffsetFetchRequest } from "./index.js";
import type { ApiDefinition, RequestOf } from "./define.js";

function frameOf<A extends ApiDefinition>(api: A, apiVersion: number, body: RequestOf<A>): Uint8Array {
  const chunks = encodeRequest(api, { apiKey: api.key, apiVersion, correlationId: 7, clientId: "test" }, body);
  return new Uint8Array(Buffer.concat(chunks)).subarray(4);
}

/** Body bytes after the fixed header used by frameOf (8 bytes + "test" as int16 string). */
function bodyOf(frame: Uint8Array): string {
  return Buffer.from(frame.subarray(14)).toString("hex");
}

describe("Metadata topics across versions", () => {
  it("writes 'all topics' as an empty list in v0 and reads it back as null", () => {
    const frame = frameOf(metadata, 0, { topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    expect(bodyOf(frame)).toBe("00000000");
    const decoded = decodeRequest(metadata, frame);
    expect(decoded.ok && decoded.value.body.topics).toBeNull();
  });

  it("writes null as -1 from v1 and keeps an explicit empty list empty", () => {
    expect(bodyOf(frameOf(metadata, 1, { topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }))).toBe("ffffffff");
    const empty = decodeRequest(metadata, frameOf(metadata, 4, { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }));
    expect(empty.ok && empty.value.body).toEqual({ topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  });

  it("rejects a null topic array in v0, which has no null", () => {
    const frame = frameOf(metadata, 1, { topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    new DataView(frame.buffer, frame.byteOffset).setInt16(2, 0);
    const decoded = decodeRequest(metadata, frame);
    expect(decoded.ok).toBe(false);
  });

  it("defaults allowAutoTopicCreation to true before v4", () => {
    const body: MetadataRequest = { topics: [{ topicId: ZERO_UUID, name: "t" }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false };
    const decoded = decodeRequest(metadata, frameOf(metadata, 3, body));
    expect(decoded.ok && decoded.value.body).toEqual({
      topics: [{ topicId: ZERO_UUID, name: "t" }],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
  });
});

describe("OffsetFetch topics across versions", () => {
  const all: OffsetFetchRequest = { groupId: "g", topics: null, groups: [], requireStable: false };

  it("refuses to write null in v1", () => {
    expect(() => frameOf(offsetFetch, 1, all)).toThrow(RangeError);
  });

  it("rejects a null topic array in v1 and accepts it from v2", () => {
    const frame = frameOf(offsetFetch, 2, all);
    const v2 = decodeRequest(offsetFetch, frame);
    expect(v2.ok && v2.value.body).toEqual(all);
    new DataView(frame.buffer, frame.byteOffset).setInt16(2, 1);
    const v1 = decodeRequest(offsetFetch, frame);
    expect(v1.ok).toBe(false);
    expect(!v1.ok && v1.error.message).toMatch(/null array before version 2/);
  });
});

describe("Fetch v15-17 tagged fields", () => {
  it("skips the cluster id, replica state and replica directory id a Kafka 4.0 peer may tag on", () => {
    const hex = [
      "0001 0011 00000001 ffff 00", // Fetch v17, null client id, header tags
      "000001f4 00000001 00a00000 00 00000000 ffffffff",
      "02 0123456789abcdef0123456789abcdef 02",
      "00000000 ffffffff 0000000000000000 ffffffff ffffffffffffffff 00100000",
      "01 00 10 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // partition tag 0: ReplicaDirectoryId
      "00 01 01", // topic tags, no forgotten topics, rack_id ""
      "02 00 02 0263 01 0d 00000002 0000000000000005 00", // body tags 0: ClusterId "c", 1: ReplicaState {2, 5}
    ]
      .join("")
      .replaceAll(" ", "");
    const decoded = decodeRequest(fetch, new Uint8Array(Buffer.from(hex, "hex")));
    expect(decoded.ok).toBe(true);
    // Replica state is not read: only consumers fetch at v15+ here, so replica_id stays -1.
    expect(decoded.ok && decoded.value.body).toEqual({
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: "",
          topicId: "01234567-89ab-cdef-0123-456789abcdef",
          partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1048576 }],
        },
      ],
      forgottenTopicsData: [],
      rackId: "",
    });
  });
});
