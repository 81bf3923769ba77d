/*
 * Golden bytes: request frames sent by kcat 1.7.1 (librdkafka 2.0.2) and kafkajs 2.2.4,
 * captured with scripts/capture-client-frames.ts. Every frame must decode, carry the
 * values the client was asked to send, and re-encode to the very same bytes.
 */
import { readFileSync } from "node:fs";
import { crc32c } from "@node-rs/crc32";
import { describe, expect, it } from "vitest";
import { ZERO_UUID } from "../schema/types.js";
import { decodeRequest, encodeRequest } from "../framing/codec.js";
import type { RequestHeader } from "../framing/headers.js";
import {
  apiByKey,
  apiVersions,
  createPartitions,
  createTopics,
  describeConfigs,
  fetch,
  findCoordinator,
  initProducerId,
  joinGroup,
  listOffsets,
  metadata,
  offsetCommit,
  produce,
  saslAuthenticate,
  saslHandshake,
} from "./index.js";
import type { ApiDefinition, RequestOf } from "./define.js";

interface CapturedFrame {
  readonly scenario: string;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly hex: string;
}

function loadFixture(name: string): CapturedFrame[] {
  const url = new URL(`../../test-fixtures/${name}`, import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { frames: CapturedFrame[] }).frames;
}

const kcat = loadFixture("kcat-requests.json");
const kafkajs = loadFixture("kafkajs-requests.json");

function bytesOf(frame: CapturedFrame): Uint8Array {
  return new Uint8Array(Buffer.from(frame.hex, "hex"));
}

function decoded<A extends ApiDefinition>(api: A, frame: CapturedFrame): { header: RequestHeader; body: RequestOf<A> } {
  const result = decodeRequest(api, bytesOf(frame));
  if (!result.ok) throw result.error;
  return result.value;
}

/** The decoded bodies of every frame of `api` at `version` in a scenario. */
function bodies<A extends ApiDefinition>(frames: CapturedFrame[], scenario: string, api: A, version: number): RequestOf<A>[] {
  const matching = frames.filter((f) => f.scenario === scenario && f.apiKey === api.key && f.apiVersion === version);
  expect(matching.length, `${scenario}: ${api.name} v${version} frames`).toBeGreaterThan(0);
  return matching.map((f) => decoded(api, f).body);
}

function only<T>(items: T[]): T {
  expect(items.length).toBeGreaterThan(0);
  return items[0]!;
}

/** The record batch a produce request carries for its first partition, checked for framing and CRC. */
function producedBatch(body: RequestOf<typeof produce>): DataView {
  const records = body.topicData[0]?.partitionData[0]?.records;
  if (records === null || records === undefined) throw new Error("produce request without records");
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  expect(view.getInt32(8) + 12, "batchLength + 12").toBe(records.byteLength);
  expect(view.getInt8(16), "magic").toBe(2);
  expect(crc32c(records.subarray(21)), "CRC-32C").toBe(view.getUint32(17));
  return view;
}

const ATTRIBUTES = 21;
const PRODUCER_ID = 43;
const BASE_SEQUENCE = 53;
const GZIP = 1;

describe.each([
  ["kcat", kcat],
  ["kafkajs", kafkajs],
] as const)("frames captured from %s", (_client, frames) => {
  it("holds frames of every kind the scenarios exercise", () => {
    expect(frames.length).toBeGreaterThan(30);
  });

  it("decodes every frame and re-encodes it to the exact same bytes", () => {
    for (const frame of frames) {
      const api = apiByKey(frame.apiKey);
      if (api === undefined) throw new Error(`frame for unsupported api key ${frame.apiKey}`);
      const bytes = bytesOf(frame);
      const result = decodeRequest(api, bytes);
      if (!result.ok) throw new Error(`${frame.scenario} ${api.name} v${frame.apiVersion}: ${result.error.message}`);
      expect(result.value.header.apiVersion).toBe(frame.apiVersion);
      const again = Buffer.concat(encodeRequest(api, result.value.header, result.value.body)).subarray(4);
      expect(again.toString("hex"), `${frame.scenario} ${api.name} v${frame.apiVersion}`).toBe(frame.hex);
    }
  });
});

describe("kcat (librdkafka 2.0.2)", () => {
  it("opens every connection with a flexible ApiVersions v3 naming its software", () => {
    const first = kcat.find((f) => f.apiKey === apiVersions.key)!;
    const { header, body } = decoded(apiVersions, first);
    expect(header).toMatchObject({ apiVersion: 3, clientId: "rdkafka" });
    expect(body).toEqual({ clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2" });
  });

  it("lists all topics with a null Metadata v4 topic array", () => {
    const all = bodies(kcat, "kcat -L", metadata, 4).find((b) => b.topics === null);
    expect(all).toEqual({ topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  });

  it("consumes without auto-creating topics", () => {
    for (const body of bodies(kcat, "kcat -C -o beginning -e", metadata, 4)) {
      expect(body).toEqual({ topics: [{ topicId: ZERO_UUID, name: "t" }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    }
  });

  it("produces a gzip record batch with Produce v7 and acks -1", () => {
    const body = only(bodies(kcat, "kcat -P -z gzip", produce, 7));
    expect(body).toMatchObject({ transactionalId: null, acks: -1, timeoutMs: 30000 });
    expect(body.topicData.map((t) => [t.name, t.partitionData.map((p) => p.index)])).toEqual([["t", [0]]]);
    expect(producedBatch(body).getInt16(ATTRIBUTES) & 7).toBe(GZIP);
  });

  it("sends acks 0 when asked", () => {
    expect(only(bodies(kcat, "kcat -P acks=0", produce, 7)).acks).toBe(0);
  });

  it("asks for a producer id and stamps it on idempotent batches", () => {
    expect(only(bodies(kcat, "kcat -P idempotent", initProducerId, 1))).toEqual({ transactionalId: null, transactionTimeoutMs: -1, producerId: -1n, producerEpoch: -1 });
    const batch = producedBatch(only(bodies(kcat, "kcat -P idempotent", produce, 7)));
    expect(batch.getBigInt64(PRODUCER_ID)).toBe(4242n);
    expect(batch.getInt32(BASE_SEQUENCE)).toBe(0);
  });

  it("resolves 'beginning' with ListOffsets v2 timestamp -2 under read_committed", () => {
    const body = only(bodies(kcat, "kcat -C -o beginning -e", listOffsets, 2));
    expect(body).toEqual({ replicaId: -1, isolationLevel: 1, topics: [{ name: "t", partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2n }] }], timeoutMs: 0 });
  });

  it("queries offsets by timestamp", () => {
    const body = only(bodies(kcat, "kcat -Q", listOffsets, 2));
    expect(body.topics[0]?.partitions[0]?.timestamp).toBe(1_700_000_000_000n);
  });

  it("fetches with Fetch v11: no session, no leader epoch, read_committed", () => {
    const body = only(bodies(kcat, "kcat -C -o beginning -e", fetch, 11));
    expect(body).toMatchObject({ replicaId: -1, maxWaitMs: 500, minBytes: 1, isolationLevel: 1, sessionId: 0, sessionEpoch: -1, rackId: "" });
    expect(body.topics).toEqual([
      { topic: "t", topicId: ZERO_UUID, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1048576 }] },
    ]);
    expect(body.forgottenTopicsData).toEqual([]);
  });

  it("finds the group coordinator with FindCoordinator v2 and joins with JoinGroup v5", () => {
    expect(only(bodies(kcat, "kcat -G", findCoordinator, 2))).toEqual({ key: "kcat-group", keyType: 0, coordinatorKeys: [] });
    const join = only(bodies(kcat, "kcat -G", joinGroup, 5));
    expect(join).toMatchObject({ groupId: "kcat-group", memberId: "", groupInstanceId: null, protocolType: "consumer" });
    expect(join.protocols.map((p) => p.name)).toEqual(["range", "roundrobin"]);
  });

  it("authenticates SASL PLAIN with SaslHandshake v1 and SaslAuthenticate v0", () => {
    expect(only(bodies(kcat, "kcat -L SASL PLAIN", saslHandshake, 1))).toEqual({ mechanism: "PLAIN" });
    const auth = only(bodies(kcat, "kcat -L SASL PLAIN", saslAuthenticate, 0));
    expect(Buffer.from(auth.authBytes).toString("utf8")).toBe("\0alice\0alice-secret");
  });
});

describe("kafkajs 2.2.4", () => {
  it("negotiates with ApiVersions v2 and an empty body", () => {
    const { header, body } = decoded(
      apiVersions,
      kafkajs.find((f) => f.apiKey === apiVersions.key)!,
    );
    expect(header).toMatchObject({ apiVersion: 2, clientId: "kafkajs" });
    expect(body).toEqual({ clientSoftwareName: "", clientSoftwareVersion: "" });
  });

  it("creates topics with CreateTopics v3 and a broker-default replication factor", () => {
    const body = only(bodies(kafkajs, "kafkajs admin", createTopics, 3));
    expect(body).toEqual({
      topics: [{ name: "kjs", numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    });
  });

  it("grows partitions with null assignments and describes configs with null keys", () => {
    expect(only(bodies(kafkajs, "kafkajs admin", createPartitions, 1)).topics).toEqual([{ name: "kjs", count: 3, assignments: null }]);
    expect(only(bodies(kafkajs, "kafkajs admin", describeConfigs, 2))).toEqual({
      resources: [{ resourceType: 2, resourceName: "t", configurationKeys: null }],
      includeSynonyms: false,
      includeDocumentation: false,
    });
  });

  it("resets offsets by committing -2 with OffsetCommit v5", () => {
    const body = only(bodies(kafkajs, "kafkajs admin", offsetCommit, 5));
    expect(body.topics).toEqual([{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: -2n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null }] }]);
  });

  it("produces a gzip batch with Produce v7", () => {
    const body = only(bodies(kafkajs, "kafkajs producer", produce, 7));
    expect(body).toMatchObject({ transactionalId: null, acks: -1, timeoutMs: 30000 });
    expect(producedBatch(body).getInt16(ATTRIBUTES) & 7).toBe(GZIP);
  });

  it("stamps the producer id from InitProducerId v1 on idempotent batches", () => {
    expect(only(bodies(kafkajs, "kafkajs idempotent producer", initProducerId, 1)).transactionalId).toBeNull();
    const batch = producedBatch(only(bodies(kafkajs, "kafkajs idempotent producer", produce, 7)));
    expect(batch.getBigInt64(PRODUCER_ID)).toBe(4242n);
  });

  it("fetches with Fetch v11, a 5 s long poll and read_committed", () => {
    const body = only(bodies(kafkajs, "kafkajs consumer", fetch, 11));
    expect(body).toMatchObject({ replicaId: -1, maxWaitMs: 5000, minBytes: 1, maxBytes: 10485760, isolationLevel: 1, sessionId: 0, sessionEpoch: -1 });
  });

  it("joins with JoinGroup v5 and commits with OffsetCommit v5", () => {
    const join = only(bodies(kafkajs, "kafkajs consumer", joinGroup, 5));
    expect(join).toMatchObject({ groupId: "kjs-group", sessionTimeoutMs: 30000, rebalanceTimeoutMs: 60000, protocolType: "consumer" });
    const commit = only(bodies(kafkajs, "kafkajs consumer", offsetCommit, 5));
    expect(commit.topics[0]?.partitions[0]?.committedOffset).toBe(1n);
  });

  it("authenticates SASL PLAIN inside SaslAuthenticate v1", () => {
    const auth = only(bodies(kafkajs, "kafkajs SASL PLAIN", saslAuthenticate, 1));
    expect(Buffer.from(auth.authBytes).toString("utf8")).toBe("\0alice\0alice-secret");
  });
});
