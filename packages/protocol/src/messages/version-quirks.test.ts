import { describe, expect, it } from "vitest";
import { ZERO_UUID } from "../schema/types.js";
import { decodeRequest, encodeRequest } from "../framing/codec.js";
import { metadata, offsetFetch, type MetadataRequest, type OffsetFetchRequest } from "./index.js";
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
    expect(decoded.ok && decoded.value.body).toEqual({ topics: [{ topicId: ZERO_UUID, name: "t" }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
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
