import { describe, expect, it } from "vitest";
import { advertisedApiVersions, apiByKey, apiVersions, fetch, produce, saslAuthenticate, SUPPORTED_APIS } from "./index.js";

// research/kafka.md §2: the table verified end-to-end against kafkajs 2.2.4 and kcat 1.7.1,
// plus SaslAuthenticate v2 (flexible; neither client sends it, Java clients do), widened to
// every non-flexible version Kafka 3.x accepted for the APIs Sarama, kafka-go and
// kafka-python send older versions of (Fetch 0-3, Metadata 5-8, OffsetCommit 0-1 and 6-7,
// OffsetFetch 0 and 5).
const TABLE_FROM_RESEARCH: [name: string, key: number, min: number, max: number][] = [
  ["Produce", 0, 0, 7],
  ["Fetch", 1, 0, 11],
  ["ListOffsets", 2, 1, 2],
  ["Metadata", 3, 0, 8],
  ["OffsetCommit", 8, 0, 7],
  ["OffsetFetch", 9, 0, 5],
  ["FindCoordinator", 10, 0, 2],
  ["JoinGroup", 11, 0, 5],
  ["Heartbeat", 12, 0, 3],
  ["LeaveGroup", 13, 0, 1],
  ["SyncGroup", 14, 0, 3],
  ["DescribeGroups", 15, 0, 2],
  ["ListGroups", 16, 0, 2],
  ["SaslHandshake", 17, 0, 1],
  ["ApiVersions", 18, 0, 3],
  ["CreateTopics", 19, 0, 4],
  ["DeleteTopics", 20, 0, 1],
  ["InitProducerId", 22, 0, 1],
  ["DescribeConfigs", 32, 0, 2],
  ["SaslAuthenticate", 36, 0, 2],
  ["CreatePartitions", 37, 0, 1],
  ["DeleteGroups", 42, 0, 1],
];

describe("SUPPORTED_APIS", () => {
  it("holds exactly the APIs and version ranges of the research table, ordered by key", () => {
    expect(SUPPORTED_APIS.map((api) => [api.name, api.key, api.minVersion, api.maxVersion])).toEqual(TABLE_FROM_RESEARCH);
  });

  it("has no flexible version except ApiVersions v3 and SaslAuthenticate v2", () => {
    for (const api of SUPPORTED_APIS) {
      if (api === apiVersions) expect(api.flexibleFrom).toBe(3);
      else if (api === saslAuthenticate) expect(api.flexibleFrom).toBe(2);
      else expect(api.flexibleFrom, api.name).toBeGreaterThan(api.maxVersion);
    }
  });
});

describe("apiByKey", () => {
  it("finds every supported API by its key", () => {
    for (const api of SUPPORTED_APIS) expect(apiByKey(api.key)).toBe(api);
    expect(apiByKey(0)).toBe(produce);
    expect(apiByKey(1)).toBe(fetch);
  });

  it("returns undefined for keys we do not implement", () => {
    for (const key of [-1, 4, 21, 23, 33, 47, 1000]) expect(apiByKey(key)).toBeUndefined();
  });
});

describe("advertisedApiVersions", () => {
  it("advertises every supported API with its implemented range", () => {
    expect(advertisedApiVersions()).toEqual(
      TABLE_FROM_RESEARCH.map(([, apiKey, minVersion, maxVersion]) => ({ apiKey, minVersion, maxVersion })),
    );
  });

  it("is a plain function of the list it is given, so extension keys can be appended", () => {
    const extension = { ...produce, key: 1000, name: "FreshetExtension", minVersion: 0, maxVersion: 2 };
    const table = advertisedApiVersions([...SUPPORTED_APIS, extension]);
    expect(table).toHaveLength(SUPPORTED_APIS.length + 1);
    expect(table.at(-1)).toEqual({ apiKey: 1000, minVersion: 0, maxVersion: 2 });
    expect(advertisedApiVersions([])).toEqual([]);
  });
});
