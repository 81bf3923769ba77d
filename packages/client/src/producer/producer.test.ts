import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { metadata } from "@freshet/protocol/messages/metadata";
import { produce } from "@freshet/protocol/messages/produce";
import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { Cluster } from "../cluster/cluster.js";
import { parseBootstrap } from "../cluster/bootstrap.js";
import { UnknownPartitionError, UnknownTopicError } from "../cluster/cluster-errors.js";
import { FakeCluster } from "../test-support/fake-cluster.js";
import { nodeTcpConnector } from "../transport/node-tcp.js";
import { Producer } from "./producer.js";

let fake: FakeCluster;
let cluster: Cluster;

beforeEach(async () => {
  fake = await FakeCluster.start();
  const bootstrap = parseBootstrap(fake.bootstrap);
  if (!bootstrap.ok) throw new Error(bootstrap.error);
  cluster = new Cluster({ bootstrap: bootstrap.value, connector: nodeTcpConnector, retry: { retries: 3, initialDelayMs: 1, maxDelayMs: 5, factor: 2 } });
});

afterEach(async () => {
  await cluster.close();
  await fake.stop();
});

function answer(partitions: Array<{ index: number; errorCode: number; baseOffset: number }>, topic = "t") {
  return {
    responses: [
      { name: topic, partitionResponses: partitions.map((p) => ({ ...p, baseOffset: BigInt(p.baseOffset), logAppendTimeMs: -1n, logStartOffset: 0n, recordErrors: [], errorMessage: null })) },
    ],
    throttleTimeMs: 0,
  };
}

describe("Producer", () => {
  it("retries only the partition that failed retriably, after refreshing metadata", async () => {
    fake.topics = [{ name: "t", partitions: 2 }];
    const attempts: number[][] = [];
    fake.on(produce, (body) => {
      const partitions = body.topicData[0]!.partitionData.map((p) => p.index);
      attempts.push(partitions);
      if (attempts.length === 1)
        return answer([
          { index: 0, errorCode: 0, baseOffset: 10 },
          { index: 1, errorCode: 6, baseOffset: -1 },
        ]);
      return answer([{ index: 1, errorCode: 0, baseOffset: 20 }]);
    });
    const metadataBefore = fake.requestsOf(metadata).length;
    const sent = await new Producer(cluster).send("t", [
      { value: "a", partition: 0 },
      { value: "b", partition: 1 },
      { value: "c", partition: 1 },
    ]);
    expect(sent).toEqual([
      { partition: 0, offset: 10 },
      { partition: 1, offset: 20 },
      { partition: 1, offset: 21 },
    ]);
    expect(attempts).toEqual([[0, 1], [1]]);
    expect(fake.requestsOf(metadata).length).toBeGreaterThan(metadataBefore + 1);
  });

  it("fails at once on a permanent error", async () => {
    fake.topics = [{ name: "t", partitions: 1 }];
    fake.on(produce, () => answer([{ index: 0, errorCode: 10, baseOffset: -1 }]));
    await expect(new Producer(cluster).send("t", [{ value: "x" }])).rejects.toMatchObject({ code: 10, retriable: false });
    expect(fake.requestsOf(produce)).toHaveLength(1);
  });

  it("gives up after the retry budget on a partition that never recovers", async () => {
    fake.topics = [{ name: "t", partitions: 1 }];
    fake.on(produce, () => answer([{ index: 0, errorCode: 6, baseOffset: -1 }]));
    await expect(new Producer(cluster).send("t", [{ value: "x" }])).rejects.toMatchObject({ code: 6 });
    expect(fake.requestsOf(produce)).toHaveLength(4);
  });

  it("reports a missing topic or partition without retrying", async () => {
    fake.topics = [{ name: "t", partitions: 1 }];
    await expect(new Producer(cluster).send("nope", [{ value: "x" }])).rejects.toBeInstanceOf(UnknownTopicError);
    await expect(new Producer(cluster).send("t", [{ value: "x", partition: 3 }])).rejects.toBeInstanceOf(UnknownPartitionError);
    expect(fake.requestsOf(produce)).toHaveLength(0);
  });

  it("splits a partition's records into batches below the size bound, in order, one batch per request", async () => {
    fake.topics = [{ name: "t", partitions: 1 }];
    const batches: number[] = [];
    let next = 0;
    fake.on(produce, (body) => {
      expect(body.topicData[0]!.partitionData).toHaveLength(1);
      const header = readBatchHeader(body.topicData[0]!.partitionData[0]!.records!);
      batches.push(header.recordCount);
      const base = next;
      next += header.recordCount;
      return answer([{ index: 0, errorCode: 0, baseOffset: base }]);
    });
    const records = Array.from({ length: 10 }, (_, i) => ({ value: "x".repeat(100) + i }));
    const sent = await new Producer(cluster, { maxBatchBytes: 400 }).send("t", records);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((sum, count) => sum + count, 0)).toBe(10);
    expect(sent.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("sends acks=0 without waiting and the connection stays in step", async () => {
    fake.topics = [{ name: "t", partitions: 1 }];
    fake.on(produce, (body) => (body.acks === 0 ? null : answer([{ index: 0, errorCode: 0, baseOffset: 5 }])));
    const producer = new Producer(cluster);
    expect(await producer.send("t", [{ value: "fire" }], { acks: 0 })).toEqual([{ partition: 0, offset: -1 }]);
    expect(await producer.send("t", [{ value: "acked" }], { acks: 1 })).toEqual([{ partition: 0, offset: 5 }]);
  });
});
