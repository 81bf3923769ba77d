import { describe, expect, it } from "vitest";
import { advertisedApiVersions, alterConfigs, apiByKey, apiVersions, deleteRecords, fetch, incrementalAlterConfigs, produce, saslAuthenticate, SUPPORTED_APIS, type ApiDefinition } from "./index.js";

// research/kafka.md §2: the table verified end-to-end against kafkajs 2.2.4 and kcat 1.7.1,
// plus SaslAuthenticate v2 (flexible; neither client sends it, Java clients do), and the admin
// APIs Python admin clients, Kafka Connect and schema registries need: DeleteRecords,
// AlterConfigs, IncrementalAlterConfigs and OffsetDelete at Kafka 4.0's ranges.
const TABLE_FROM_RESEARCH: [name: string, key: number, min: number, max: number][] = [
  ["Produce", 0, 0, 7],
  ["Fetch", 1, 4, 11],
  ["ListOffsets", 2, 1, 2],
  ["Metadata", 3, 0, 4],
  ["OffsetCommit", 8, 2, 5],
  ["OffsetFetch", 9, 1, 4],
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
  ["DeleteRecords", 21, 0, 2],
  ["InitProducerId", 22, 0, 1],
  ["DescribeConfigs", 32, 0, 2],
  ["AlterConfigs", 33, 0, 4],
  ["SaslAuthenticate", 36, 0, 2],
  ["CreatePartitions", 37, 0, 1],
  ["DeleteGroups", 42, 0, 1],
  ["IncrementalAlterConfigs", 44, 0, 1],
  ["OffsetDelete", 47, 0, 0],
];

describe("SUPPORTED_APIS", () => {
  it("holds exactly the APIs and version ranges of the research table, ordered by key", () => {
    expect(SUPPORTED_APIS.map((api) => [api.name, api.key, api.minVersion, api.maxVersion])).toEqual(TABLE_FROM_RESEARCH);
  });

  it("is flexible exactly from the versions Kafka's message definitions give", () => {
    const flexibleFrom = new Map<ApiDefinition, number>([[apiVersions, 3], [saslAuthenticate, 2], [deleteRecords, 2], [alterConfigs, 2], [incrementalAlterConfigs, 1]]);
    for (const api of SUPPORTED_APIS) {
      const from = flexibleFrom.get(api);
      if (from !== undefined) expect(api.flexibleFrom, api.name).toBe(from);
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
    for (const key of [-1, 4, 23, 45, 1000]) expect(apiByKey(key)).toBeUndefined();
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
