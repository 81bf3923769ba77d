/*
 * The arbitrary must respect version gating, or the round-trip test would either
 * fail on values no version can carry or never exercise null and absent fields.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fetch, metadata, offsetFetch, produce } from "../../messages/index.js";
import { arbitraryOf } from "./arbitrary.js";

const sampleOptions = { numRuns: 300, seed: 482 };

describe("arbitraryOf", () => {
  it("holds the fallback in fields absent from the version", () => {
    for (const request of fc.sample(arbitraryOf(fetch.request, 4, { minArrayLength: 1 }), sampleOptions)) {
      expect({ sessionId: request.sessionId, sessionEpoch: request.sessionEpoch, rackId: request.rackId }).toEqual({
        sessionId: 0,
        sessionEpoch: -1,
        rackId: "",
      });
      expect(request.forgottenTopicsData).toEqual([]);
      for (const partition of request.topics.flatMap((topic) => topic.partitions)) {
        expect(partition.currentLeaderEpoch).toBe(-1);
        expect(typeof partition.logStartOffset).toBe("bigint");
      }
    }
  });

  it("draws present fields from their whole range", () => {
    const responses = fc.sample(arbitraryOf(produce.response, 7, { minArrayLength: 1 }), sampleOptions);
    const offsets = responses.flatMap((r) => r.responses.flatMap((t) => t.partitionResponses.map((p) => p.baseOffset)));
    expect(offsets.every((offset) => offset >= -(2n ** 63n) && offset < 2n ** 63n)).toBe(true);
    expect(offsets.some((offset) => offset > 2n ** 53n || offset < -(2n ** 53n))).toBe(true);
    expect(responses.some((r) => r.throttleTimeMs < 0)).toBe(true);
  });

  it("generates null only from the version a nullable array allows it", () => {
    const v1 = fc.sample(arbitraryOf(offsetFetch.request, 1), sampleOptions);
    const v2 = fc.sample(arbitraryOf(offsetFetch.request, 2), sampleOptions);
    expect(v1.some((request) => request.topics === null)).toBe(false);
    expect(v2.some((request) => request.topics === null)).toBe(true);
  });

  it("writes 'no topics' as null where an empty Metadata topic list means all topics", () => {
    const v0 = fc.sample(arbitraryOf(metadata.request, 0), sampleOptions).map((request) => request.topics);
    const v1 = fc.sample(arbitraryOf(metadata.request, 1), sampleOptions).map((request) => request.topics);
    expect(v0.some((topics) => topics?.length === 0)).toBe(false);
    expect(v0.some((topics) => topics === null)).toBe(true);
    expect(v1.some((topics) => topics?.length === 0)).toBe(true);
  });

  it("keeps arrays within the requested bounds", () => {
    const bounded = arbitraryOf(produce.request, 7, { minArrayLength: 2, maxArrayLength: 2 });
    for (const request of fc.sample(bounded, { numRuns: 50, seed: 7 })) {
      expect(request.topicData).toHaveLength(2);
      for (const topic of request.topicData) expect(topic.partitionData).toHaveLength(2);
    }
  });
});
