import { describe, expect, it } from "vitest";
import { advertisedApiVersions, apiByKey, fetch, produce, SUPPORTED_APIS } from "./index.js";

// Every API up to Kafka 4.0's maximum version (apache/kafka clients/.../common/message/*.json). Minimums stay below Kafka 4.0's where Sarama,
// kafka-go, kafka-python or librdkafka's feature probes still send older versions (Produce
// 0-2, Fetch 0-3, Metadata 0-8, OffsetCommit 0-1, OffsetFetch 0, FindCoordinator 0, ...).
// Third column of KAFKA_FLEXIBLE_FROM: Kafka's flexibleVersions.
const TABLE: [name: string, key: number, min: number, max: number][] = [
  ["Produce", 0, 0, 12],
  ["Fetch", 1, 0, 17],
  ["ListOffsets", 2, 1, 10],
  ["Metadata", 3, 0, 12],
  ["OffsetCommit", 8, 0, 9],
  ["OffsetFetch", 9, 0, 9],
  ["FindCoordinator", 10, 0, 6],
  ["JoinGroup", 11, 0, 9],
  ["Heartbeat", 12, 0, 4],
  ["LeaveGroup", 13, 0, 5],
  ["SyncGroup", 14, 0, 5],
  ["DescribeGroups", 15, 0, 5],
  ["ListGroups", 16, 0, 5],
  ["SaslHandshake", 17, 0, 1],
  ["ApiVersions", 18, 0, 4],
  ["CreateTopics", 19, 0, 7],
  ["DeleteTopics", 20, 0, 6],
  ["DeleteRecords", 21, 0, 2],
  ["InitProducerId", 22, 0, 5],
  ["OffsetForLeaderEpoch", 23, 0, 4],
  ["DescribeAcls", 29, 0, 3],
  ["CreateAcls", 30, 0, 3],
  ["DeleteAcls", 31, 0, 3],
  ["DescribeConfigs", 32, 0, 4],
  ["AlterConfigs", 33, 0, 4],
  ["SaslAuthenticate", 36, 0, 2],
  ["CreatePartitions", 37, 0, 3],
  ["DeleteGroups", 42, 0, 2],
  ["IncrementalAlterConfigs", 44, 0, 1],
  ["OffsetDelete", 47, 0, 0],
  ["DescribeClientQuotas", 48, 0, 1],
  ["AlterClientQuotas", 49, 0, 1],
];

const KAFKA_FLEXIBLE_FROM: Record<string, number> = {
  Produce: 9,
  Fetch: 12,
  ListOffsets: 6,
  Metadata: 9,
  OffsetCommit: 8,
  OffsetFetch: 6,
  FindCoordinator: 3,
  JoinGroup: 6,
  Heartbeat: 4,
  LeaveGroup: 4,
  SyncGroup: 4,
  DescribeGroups: 5,
  ListGroups: 3,
  SaslHandshake: Number.POSITIVE_INFINITY,
  ApiVersions: 3,
  CreateTopics: 5,
  DeleteTopics: 4,
  InitProducerId: 2,
  OffsetForLeaderEpoch: 4,
  DescribeAcls: 2,
  CreateAcls: 2,
  DeleteAcls: 2,
  DescribeConfigs: 4,
  SaslAuthenticate: 2,
  CreatePartitions: 2,
  DeleteGroups: 2,
  DeleteRecords: 2,
  AlterConfigs: 2,
  IncrementalAlterConfigs: 1,
  OffsetDelete: Number.POSITIVE_INFINITY,
  DescribeClientQuotas: 1,
  AlterClientQuotas: 1,
};

describe("SUPPORTED_APIS", () => {
  it("holds exactly the APIs and version ranges of the table, ordered by key", () => {
    expect(SUPPORTED_APIS.map((api) => [api.name, api.key, api.minVersion, api.maxVersion])).toEqual(TABLE);
  });

  it("turns flexible exactly where Kafka's schemas do", () => {
    for (const api of SUPPORTED_APIS) {
      const kafka = KAFKA_FLEXIBLE_FROM[api.name]!;
      if (api.maxVersion >= kafka) expect(api.flexibleFrom, api.name).toBe(kafka);
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
    for (const key of [-1, 4, 24, 45, 1000]) expect(apiByKey(key)).toBeUndefined();
  });
});

describe("advertisedApiVersions", () => {
  it("advertises every supported API with its implemented range", () => {
    expect(advertisedApiVersions()).toEqual(TABLE.map(([, apiKey, minVersion, maxVersion]) => ({ apiKey, minVersion, maxVersion })));
  });

  it("is a plain function of the list it is given, so extension keys can be appended", () => {
    const extension = { ...produce, key: 1000, name: "FreshetExtension", minVersion: 0, maxVersion: 2 };
    const table = advertisedApiVersions([...SUPPORTED_APIS, extension]);
    expect(table).toHaveLength(SUPPORTED_APIS.length + 1);
    expect(table.at(-1)).toEqual({ apiKey: 1000, minVersion: 0, maxVersion: 2 });
    expect(advertisedApiVersions([])).toEqual([]);
  });
});
