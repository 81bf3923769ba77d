/*
 * The API versions Kafka 4.0 added over 3.x, sent over a socket to a running broker:
 * topic ids shared by CreateTopics, Metadata, Fetch and DeleteTopics, Produce's record
 * errors, ListOffsets' special timestamps, batched OffsetFetch, FindCoordinator key
 * types, DescribeConfigs documentation and InitProducerId with an id to bump.
 */
import { randomUUID } from "node:crypto";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import {
  apiVersions,
  createTopics,
  deleteTopics,
  describeConfigs,
  fetch,
  findCoordinator,
  initProducerId,
  listOffsets,
  metadata,
  offsetCommit,
  offsetFetch,
  produce,
} from "@freshet/protocol/messages/index";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { batchOverSection } from "@freshet/protocol/internal/forged-batch";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchById, rawRequest } from "./support/raw-request.js";
import { openRaw, type RawConnection } from "./support/raw-socket.js";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const CORRUPT_MESSAGE = 2;
const INVALID_REQUEST = 42;
const INVALID_RECORD = 87;
const UNKNOWN_TOPIC_ID = 100;

let spu: SpuProcess;
let conn: RawConnection;
/** The id CreateTopics v7 gave topic "ids". */
let idsTopicId = ZERO_UUID;

beforeAll(async () => {
  spu = await startSpu();
  conn = await openRaw(spu.port);
});

afterAll(async () => {
  conn.end();
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

/** One request at `version` on the suite's connection, its decoded answer. */
function ask<A extends ApiDefinition>(api: A, version: number, body: RequestOf<A>): Promise<ResponseOf<A>> {
  return rawRequest(conn, api, version, body);
}

async function create(name: string, partitions: number, configs: { name: string; value: string }[] = []) {
  const answer = await ask(createTopics, 7, { topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs }], timeoutMs: 10_000, validateOnly: false });
  return answer.topics[0]!;
}

async function topicIdInMetadata(name: string): Promise<string> {
  const answer = await ask(metadata, 12, { topics: [{ topicId: ZERO_UUID, name }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  expect(answer.topics[0]?.errorCode).toBe(0);
  return answer.topics[0]!.topicId;
}

async function produceTo(version: number, topic: string, records: Uint8Array) {
  const answer = await ask(produce, version, { transactionalId: null, acks: 1, timeoutMs: 10_000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
  return answer.responses[0]!.partitionResponses[0]!;
}

const batchOf = (values: string[], timestamps?: number[]) =>
  buildRecordBatch({ records: values.map((value, i) => ({ value: Buffer.from(value), ...(timestamps ? { timestamp: timestamps[i]! } : {}) })) });

describe("Kafka 4.0 API versions against a running broker", () => {
  it("advertises Kafka 4.0's maxima for the raised APIs", async () => {
    const answer = await ask(apiVersions, 3, { clientSoftwareName: "kafka-4", clientSoftwareVersion: "1" });
    const max = new Map(answer.apiKeys.map((k) => [k.apiKey, k.maxVersion]));
    expect([0, 1, 2, 9, 10, 19, 20, 22, 32].map((key) => max.get(key))).toEqual([12, 17, 10, 9, 6, 7, 6, 5, 4]);
  });

  it("gives a created topic one id: CreateTopics v7, Metadata v12 and Fetch v13-17 agree on it", async () => {
    const created = await create("ids", 2, [{ name: "retention.ms", value: "60000" }]);
    expect(created).toMatchObject({ name: "ids", errorCode: 0, numPartitions: 2, replicationFactor: 1 });
    expect(created.topicId).not.toBe(ZERO_UUID);
    expect(created.configs).toContainEqual({ name: "retention.ms", value: "60000", readOnly: false, configSource: 1, isSensitive: false });
    expect(created.configs).toContainEqual(expect.objectContaining({ name: "segment.bytes", configSource: 5 }));
    expect(await topicIdInMetadata("ids")).toBe(created.topicId);
    idsTopicId = created.topicId;

    expect(await produceTo(9, "ids", await batchOf(["a", "b"]))).toMatchObject({ errorCode: 0, baseOffset: 0n, recordErrors: [], errorMessage: null });
    for (const version of [13, 15, 17]) {
      const answer = await ask(fetch, version, fetchById(created.topicId, [0]));
      expect(answer.responses).toHaveLength(1);
      expect(answer.responses[0]!.topicId).toBe(created.topicId);
      const [partition] = answer.responses[0]!.partitions;
      expect(partition).toMatchObject({ partitionIndex: 0, errorCode: 0, highWatermark: 2n });
      expect(partition!.records!.byteLength).toBeGreaterThan(0);
    }
  });

  it("answers UNKNOWN_TOPIC_ID for every partition of an id no topic has", async () => {
    const unknown = randomUUID();
    const answer = await ask(fetch, 17, fetchById(unknown, [0, 1]));
    expect(answer.responses[0]!.topicId).toBe(unknown);
    expect(answer.responses[0]!.partitions.map((p) => p.errorCode)).toEqual([UNKNOWN_TOPIC_ID, UNKNOWN_TOPIC_ID]);
  });

  it("names why Produce v9+ refused a batch, and which records (a compacted topic's keyless ones)", async () => {
    await create("plain", 1);
    const corrupt = await produceTo(
      9,
      "plain",
      await batchOverSection(
        Uint8Array.from({ length: 40 }, (_, i) => (i * 29) % 256),
        2,
      ),
    );
    expect(corrupt.errorCode).toBe(CORRUPT_MESSAGE);
    expect(corrupt.errorMessage).toMatch(/record/);

    await create("compacted", 1, [{ name: "cleanup.policy", value: "compact" }]);
    const keyless = await buildRecordBatch({ records: [{ key: Buffer.from("k"), value: Buffer.from("1") }, { value: Buffer.from("2") }, { value: Buffer.from("3") }] });
    for (const version of [9, 12]) {
      const refused = await produceTo(version, "compacted", keyless);
      expect(refused.errorCode).toBe(INVALID_RECORD);
      expect(refused.recordErrors.map((e) => e.batchIndex)).toEqual([1, 2]);
      expect(refused.errorMessage).toMatch(/without key/);
    }
  });

  it("resolves ListOffsets -3 (largest timestamp), -4 (earliest local) and -5 (latest tiered, none here)", async () => {
    await create("times", 1);
    expect((await produceTo(12, "times", await batchOf(["a", "b", "c"], [1000, 5000, 3000]))).errorCode).toBe(0);
    expect((await produceTo(12, "times", await batchOf(["d"], [2000]))).errorCode).toBe(0);
    const answer = await ask(listOffsets, 10, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: "times", partitions: [-3n, -4n, -5n, -1n].map((timestamp) => ({ partitionIndex: 0, currentLeaderEpoch: -1, timestamp })) }],
      timeoutMs: 5000,
    });
    expect(answer.topics[0]!.partitions.map((p) => [p.errorCode, p.timestamp, p.offset])).toEqual([
      [0, 5000n, 1n],
      [0, -1n, 0n],
      [0, -1n, -1n],
      [0, -1n, 4n],
    ]);
  });

  it("answers OffsetFetch v8/v9 group by group", async () => {
    await create("offsets", 2);
    const coordinator = await eventually("a group coordinator", async () => {
      const found = await ask(findCoordinator, 6, { key: "", keyType: 0, coordinatorKeys: ["g1"] });
      return found.coordinators[0]?.errorCode === 0 ? found.coordinators[0] : undefined;
    });
    expect(coordinator.nodeId).toBeGreaterThanOrEqual(0);
    for (const [groupId, offset] of [
      ["g1", 7n],
      ["g2", 9n],
    ] as const) {
      const committed = await eventually(`a commit for ${groupId}`, async () => {
        const answer = await ask(offsetCommit, 2, {
          groupId,
          generationIdOrMemberEpoch: -1,
          memberId: "",
          groupInstanceId: null,
          retentionTimeMs: -1n,
          topics: [{ name: "offsets", partitions: [{ partitionIndex: 1, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: "m" }] }],
        });
        return answer.topics[0]?.partitions[0]?.errorCode === 0 ? true : undefined;
      });
      expect(committed).toBe(true);
    }
    const v8 = await ask(offsetFetch, 8, {
      groupId: "",
      topics: null,
      groups: [
        { groupId: "g1", memberId: null, memberEpoch: -1, topics: null },
        { groupId: "g2", memberId: null, memberEpoch: -1, topics: [{ name: "offsets", partitionIndexes: [0, 1] }] },
      ],
      requireStable: true,
    });
    expect(v8.groups).toEqual([
      { groupId: "g1", errorCode: 0, topics: [{ name: "offsets", partitions: [{ partitionIndex: 1, committedOffset: 7n, committedLeaderEpoch: -1, metadata: "m", errorCode: 0 }] }] },
      {
        groupId: "g2",
        errorCode: 0,
        topics: [
          {
            name: "offsets",
            partitions: [
              { partitionIndex: 0, committedOffset: -1n, committedLeaderEpoch: -1, metadata: "", errorCode: 0 },
              { partitionIndex: 1, committedOffset: 9n, committedLeaderEpoch: -1, metadata: "m", errorCode: 0 },
            ],
          },
        ],
      },
    ]);
    // Classic groups: Kafka does not check v9's member id and epoch.
    const v9 = await ask(offsetFetch, 9, { groupId: "", topics: null, groups: [{ groupId: "g1", memberId: "someone", memberEpoch: 12, topics: null }], requireStable: false });
    expect(v9.groups[0]).toMatchObject({ groupId: "g1", errorCode: 0 });
    expect(v9.groups[0]!.topics[0]!.partitions[0]!.committedOffset).toBe(7n);
  });

  it("refuses FindCoordinator v6 share-group keys as Kafka without a share coordinator does", async () => {
    const answer = await ask(findCoordinator, 6, { key: "", keyType: 2, coordinatorKeys: ["s1", "s2"] });
    expect(answer.coordinators.map((c) => [c.key, c.errorCode, c.nodeId])).toEqual([
      ["s1", INVALID_REQUEST, -1],
      ["s2", INVALID_REQUEST, -1],
    ]);
  });

  it("deletes a topic by id with DeleteTopics v6, and refuses unknown ids, name-plus-id entries and duplicates", async () => {
    const created = await create("doomed", 1);
    const unknown = randomUUID();
    const twice = randomUUID();
    const answer = await ask(deleteTopics, 6, {
      topics: [
        { name: null, topicId: created.topicId },
        { name: null, topicId: unknown },
        { name: "plain", topicId: unknown },
        { name: "plain", topicId: ZERO_UUID },
        { name: null, topicId: twice },
        { name: "plain", topicId: ZERO_UUID },
        { name: null, topicId: twice },
      ],
      topicNames: [],
      timeoutMs: 10_000,
    });
    expect(answer.responses.map((r) => [r.name, r.topicId, r.errorCode])).toEqual([
      ["doomed", created.topicId, 0],
      [null, unknown, UNKNOWN_TOPIC_ID],
      ["plain", unknown, INVALID_REQUEST],
      ["plain", ZERO_UUID, INVALID_REQUEST],
      [null, twice, INVALID_REQUEST],
    ]);
    expect(answer.responses.slice(2).map((r) => r.errorMessage)).toEqual(["You may not specify both topic name and topic id.", "Duplicate topic name.", "Duplicate topic id."]);
    const gone = await ask(metadata, 12, {
      topics: [{ topicId: created.topicId, name: null }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(gone.topics[0]?.errorCode).toBe(UNKNOWN_TOPIC_ID);
    // The refused entries' topic is still there.
    expect(await topicIdInMetadata("plain")).not.toBe(ZERO_UUID);
  });

  it("reports config types, and documentation when asked, with DescribeConfigs v3-4", async () => {
    const describe = (version: number, includeDocumentation: boolean) =>
      ask(describeConfigs, version, { resources: [{ resourceType: 2, resourceName: "ids", configurationKeys: ["retention.ms", "cleanup.policy"] }], includeSynonyms: false, includeDocumentation });
    const documented = await describe(4, true);
    expect(documented.results[0]!.configs.map((c) => [c.name, c.configType, typeof c.documentation])).toEqual([
      ["retention.ms", 5, "string"],
      ["cleanup.policy", 7, "string"],
    ]);
    const bare = await describe(3, false);
    expect(bare.results[0]!.configs.map((c) => c.documentation)).toEqual([null, null]);
  });

  it("issues a fresh producer id with InitProducerId v3-5 whatever id it is given, and refuses an id without an epoch", async () => {
    const first = await ask(initProducerId, 5, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
    expect(first).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    const bumped = await ask(initProducerId, 4, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: first.producerId, producerEpoch: 0 });
    expect(bumped.errorCode).toBe(0);
    expect(bumped.producerId).not.toBe(first.producerId);
    const halfOfIt = await ask(initProducerId, 3, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: first.producerId, producerEpoch: -1 });
    expect(halfOfIt).toMatchObject({ errorCode: INVALID_REQUEST, producerId: -1n });
  });

  it("keeps a topic's id across a restart", async () => {
    expect(idsTopicId).not.toBe(ZERO_UUID);
    conn.end();
    expect(await spu.stop()).toBe(0);
    spu = await startSpu({ dataDir: spu.dataDir });
    conn = await openRaw(spu.port);
    expect(await topicIdInMetadata("ids")).toBe(idsTopicId);
    const answer = await ask(fetch, 17, fetchById(idsTopicId, [0]));
    expect(answer.responses[0]!.partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 2n });
  });
});
