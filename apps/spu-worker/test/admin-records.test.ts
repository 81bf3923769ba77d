import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { FreshetClient } from "@freshet/client/client";
import { offsetDelete } from "@freshet/protocol/messages/offset-delete";
import { errorCode } from "@freshet/protocol/errors/error-codes";
import type { Admin, Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterForSuite, type TestCluster } from "./support/cluster.js";
import { connectClients, disconnectClients } from "./support/broker-clients.js";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

async function produceNumbered(kafka: Kafka, topic: string, count: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  // One batch per send, so a small segment.bytes spreads them over many segments.
  for (let i = 0; i < count; i += 10) {
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, j) => ({ value: `record-${i + j}`.padEnd(200, ".") })) });
  }
  await producer.disconnect();
}

async function readValues(kafka: Kafka, topic: string, expected: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 200 });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString().replace(/\.+$/, "")) });
  await eventually(`${expected} records of ${topic}`, () => (values.length >= expected ? true : undefined), 30_000);
  await consumer.disconnect();
  return values;
}

describe("DeleteRecords and OffsetDelete on a single broker", () => {
  let spu: SpuProcess;
  let kafka: Kafka;
  let admin: Admin;
  let client: FreshetClient;

  beforeAll(async () => {
    spu = await startSpu();
    ({ kafka, admin, client } = await connectClients(spu, "records-test"));
  });

  afterAll(async () => {
    await disconnectClients({ kafka, admin, client });
    await spu.stop();
    await removeDataDir(spu.dataDir);
  });

  it("moves the log start durably, removes the segments below it, and consumers start there", async () => {
    await admin.createTopics({ topics: [{ topic: "trimmed", configEntries: [{ name: "segment.bytes", value: "2048" }] }] });
    await produceNumbered(kafka, "trimmed", 100);
    const segmentsBefore = (await readdir(join(spu.dataDir, "topics", "trimmed-0"))).filter((name) => name.endsWith(".log")).length;
    // kafkajs finds partition leaders from metadata it already holds: read the offsets first, as its users do.
    expect((await admin.fetchTopicOffsets("trimmed"))[0]!.high).toBe("100");
    await admin.deleteTopicRecords({ topic: "trimmed", partitions: [{ partition: 0, offset: "60" }] });
    expect(await admin.fetchTopicOffsets("trimmed")).toEqual([expect.objectContaining({ partition: 0, low: "60", high: "100" })]);
    const segmentsAfter = (await readdir(join(spu.dataDir, "topics", "trimmed-0"))).filter((name) => name.endsWith(".log")).length;
    expect(segmentsAfter).toBeLessThan(segmentsBefore);
    const values = await readValues(kafka, "trimmed", 40);
    expect(values[0]).toBe("record-60");
    expect(values).not.toContain("record-59");

    await disconnectClients({ kafka, admin, client });
    await spu.stop();
    spu = await startSpu({ dataDir: spu.dataDir });
    ({ kafka, admin, client } = await connectClients(spu, "records-test"));
    expect((await admin.fetchTopicOffsets("trimmed"))[0]).toEqual(expect.objectContaining({ low: "60", high: "100" }));
  });

  it("deletes up to the high watermark with -1 and refuses an offset past it", async () => {
    await admin.createTopics({ topics: [{ topic: "emptied" }] });
    await produceNumbered(kafka, "emptied", 20);
    expect((await admin.fetchTopicOffsets("emptied"))[0]!.low).toBe("0");
    await expect(admin.deleteTopicRecords({ topic: "emptied", partitions: [{ partition: 0, offset: "21" }] })).rejects.toMatchObject({
      cause: { partitions: [expect.objectContaining({ error: expect.objectContaining({ type: "OFFSET_OUT_OF_RANGE" }) })] },
    });
    expect((await admin.fetchTopicOffsets("emptied"))[0]!.low).toBe("0");
    await admin.deleteTopicRecords({ topic: "emptied", partitions: [{ partition: 0, offset: "-1" }] });
    expect((await admin.fetchTopicOffsets("emptied"))[0]).toEqual(expect.objectContaining({ low: "20", high: "20" }));
  });

  it("OffsetDelete drops a group's offsets of topics it no longer consumes, and keeps those it does", async () => {
    await admin.createTopics({ topics: [{ topic: "old-feed" }, { topic: "live-feed" }] });
    await produceNumbered(kafka, "live-feed", 10);
    await admin.setOffsets({ groupId: "moving-on", topic: "old-feed", partitions: [{ partition: 0, offset: "0" }] });
    const consumer = kafka.consumer({ groupId: "moving-on", maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: "live-feed", fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void (seen += 1) });
    await eventually("the live consumer to read", () => (seen >= 10 ? true : undefined), 30_000);
    await consumer.commitOffsets([{ topic: "live-feed", partition: 0, offset: "10" }]);

    const connection = await client.cluster.anyConnection();
    const response = await connection.request(offsetDelete, {
      groupId: "moving-on",
      topics: [
        { name: "old-feed", partitions: [{ partitionIndex: 0 }] },
        { name: "live-feed", partitions: [{ partitionIndex: 0 }] },
      ],
    });
    expect(response.errorCode).toBe(0);
    expect(response.topics.map((t) => [t.name, t.partitions[0]!.errorCode])).toEqual([
      ["old-feed", 0],
      ["live-feed", errorCode("GROUP_SUBSCRIBED_TO_TOPIC")],
    ]);
    await consumer.disconnect();
    const committed = await admin.fetchOffsets({ groupId: "moving-on", topics: ["old-feed", "live-feed"] });
    expect(committed.map((t) => [t.topic, t.partitions[0]!.offset])).toEqual([
      ["old-feed", "-1"],
      ["live-feed", "10"],
    ]);
    const unknown = await connection.request(offsetDelete, { groupId: "nobody", topics: [{ name: "old-feed", partitions: [{ partitionIndex: 0 }] }] });
    expect(unknown.errorCode).toBe(errorCode("GROUP_ID_NOT_FOUND"));
  });
});

describe("DeleteRecords in a cluster", () => {
  let cluster: TestCluster;
  clusterForSuite({ spus: 3 }, (started) => (cluster = started));

  it("followers move their log start with the leader, so a new leader does not serve deleted records", async () => {
    await cluster.admin.createTopics({ topics: [{ topic: "replicated-trim", numPartitions: 1, replicationFactor: 3 }] });
    const kafka = cluster.kafka("trim-producer");
    await produceNumbered(kafka, "replicated-trim", 50);
    expect((await cluster.admin.fetchTopicOffsets("replicated-trim"))[0]!.high).toBe("50");
    await cluster.admin.deleteTopicRecords({ topic: "replicated-trim", partitions: [{ partition: 0, offset: "30" }] });
    const leader = await cluster.leaderOf("replicated-trim", 0);
    // Followers learn the leader's log start from their next fetch; give them one.
    await produceNumbered(kafka, "replicated-trim", 10);
    await cluster.kill(leader);
    await cluster.waitForPartition("replicated-trim", 0, "a new leader", (state) => state.leader >= 0 && state.leader !== leader);
    // The new leader's high watermark catches up with its log once the remaining follower fetches from it.
    await expect.poll(async () => (await cluster.admin.fetchTopicOffsets("replicated-trim"))[0], { timeout: 15_000 }).toEqual(expect.objectContaining({ low: "30", high: "60" }));
  });
});
