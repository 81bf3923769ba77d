import { CompressionTypes, Kafka, logLevel, type Consumer, type EachMessagePayload } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerKafkajsCodecs } from "./support/kafkajs-codecs.js";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

registerKafkajsCodecs();

let spu: SpuProcess;
let kafka: Kafka;

beforeAll(async () => {
  spu = await startSpu();
  kafka = new Kafka({ clientId: "kafkajs-test", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
});

afterAll(async () => {
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

/** Reads `count` messages of `topic` from the beginning with a fresh group. */
async function readAll(topic: string, count: number): Promise<EachMessagePayload["message"][]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 200 });
  const seen: EachMessagePayload["message"][] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
  await eventually(`${count} messages on ${topic}`, () => (seen.length >= count ? true : undefined), 30_000);
  await consumer.disconnect();
  return seen;
}

describe("kafkajs 2.2.4 against the broker process", () => {
  it("creates, lists, describes and deletes topics through the admin client", async () => {
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic: "admin-a", numPartitions: 3, configEntries: [{ name: "retention.ms", value: "60000" }] }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: "admin-a", numPartitions: 3 }] })).toBe(false);
    const metadata = await admin.fetchTopicMetadata({ topics: ["admin-a"] });
    expect(metadata.topics[0]!.partitions).toHaveLength(3);
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: "admin-a" }] });
    expect(configs.resources[0]!.configEntries.find((c) => c.configName === "retention.ms")?.configValue).toBe("60000");
    await admin.createPartitions({ topicPartitions: [{ topic: "admin-a", count: 5 }] });
    expect((await admin.fetchTopicMetadata({ topics: ["admin-a"] })).topics[0]!.partitions).toHaveLength(5);
    await expect(admin.createTopics({ topics: [{ topic: "bad name!" }] })).rejects.toThrow();
    await admin.deleteTopics({ topics: ["admin-a"] });
    expect(await admin.listTopics()).not.toContain("admin-a");
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toEqual([{ nodeId: 0, host: "127.0.0.1", port: spu.port }]);
    await admin.disconnect();
  });

  it.each([
    ["none", CompressionTypes.None],
    ["gzip", CompressionTypes.GZIP],
    ["snappy", CompressionTypes.Snappy],
    ["lz4", CompressionTypes.LZ4],
    ["zstd", CompressionTypes.ZSTD],
  ])("round-trips records compressed with %s for acks -1, 1 and 0", async (name, compression) => {
    const topic = `codec-${name}`;
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    const payload = (i: number) => `${name}-${i}-${"x".repeat(200)}`;
    let sent = 0;
    for (const acks of [-1, 1, 0]) {
      const messages = Array.from({ length: 20 }, (_, i) => ({ key: `k${sent + i}`, value: payload(sent + i), headers: { h: `v${sent + i}` } }));
      const result = await producer.send({ topic, acks, compression, messages });
      if (acks !== 0) expect(result[0]!.errorCode).toBe(0);
      sent += messages.length;
    }
    await producer.disconnect();
    const seen = await readAll(topic, sent);
    expect(seen.map((m) => m.value!.toString())).toEqual(Array.from({ length: sent }, (_, i) => payload(i)));
    expect(seen.map((m) => m.key!.toString())).toEqual(Array.from({ length: sent }, (_, i) => `k${i}`));
    expect(seen[5]!.headers!.h!.toString()).toBe("v5");
    expect(seen.map((m) => Number(m.offset))).toEqual(Array.from({ length: sent }, (_, i) => i));
  });

  it("deduplicates an idempotent producer and resolves offsets by timestamp", async () => {
    const topic = "idempotent";
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const before = Date.now();
    for (let i = 0; i < 10; i++) await producer.send({ topic, messages: [{ value: `v${i}`, timestamp: String(before + i * 1000) }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const [latest] = await admin.fetchTopicOffsets(topic);
    expect(latest!.high).toBe("10");
    expect(latest!.low).toBe("0");
    const [byTime] = await admin.fetchTopicOffsetsByTimestamp(topic, before + 4500);
    expect(byTime!.offset).toBe("5");
    await admin.disconnect();
  });

  it("splits partitions between two group members, rebalances when one leaves, and resumes from commits", async () => {
    const topic = "grouped";
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
    const producer = kafka.producer();
    await producer.connect();
    const sendBatch = async (from: number) => producer.send({ topic, messages: Array.from({ length: 40 }, (_, i) => ({ value: `m${from + i}`, partition: (from + i) % 4 })) });
    await sendBatch(0);

    const received = new Map<string, string[]>();
    const assignments = new Map<string, number[]>();
    const member = async (name: string): Promise<Consumer> => {
      const consumer = kafka.consumer({ groupId: "g-two", maxWaitTimeInMs: 100, heartbeatInterval: 500, sessionTimeout: 10_000, rebalanceTimeout: 10_000 });
      received.set(name, []);
      consumer.on(consumer.events.GROUP_JOIN, (e) => assignments.set(name, e.payload.memberAssignment[topic] ?? []));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.get(name)!.push(message.value!.toString()) });
      return consumer;
    };
    const c1 = await member("c1");
    const c2 = await member("c2");
    // Each member reports its own GROUP_JOIN, so wait until both report the same generation's split.
    await eventually(
      "both members to own disjoint halves",
      () => {
        const c1Parts = assignments.get("c1") ?? [];
        const c2Parts = assignments.get("c2") ?? [];
        const union = [...c1Parts, ...c2Parts].sort();
        return c1Parts.length > 0 && c2Parts.length > 0 && union.join() === "0,1,2,3" ? true : undefined;
      },
      30_000,
    );
    await eventually("all first-batch messages", () => (received.get("c1")!.length + received.get("c2")!.length >= 40 ? true : undefined), 30_000);

    await c2.disconnect();
    await eventually("c1 to take over all partitions", () => (assignments.get("c1")?.length === 4 ? true : undefined), 30_000);
    await sendBatch(40);
    await eventually("c1 to get the second batch", () => (received.get("c1")!.filter((v) => Number(v.slice(1)) >= 40).length >= 40 ? true : undefined), 30_000);
    await c1.disconnect();

    const described = await admin.describeGroups(["g-two"]);
    expect(described.groups[0]!.state).toBe("Empty");
    const committed = await admin.fetchOffsets({ groupId: "g-two", topics: [topic] });
    expect(committed[0]!.partitions.map((p) => p.offset).sort()).toEqual(["20", "20", "20", "20"]);
    await admin.disconnect();
    await producer.disconnect();

    // Committed offsets survive a broker restart: a new member continues after them.
    expect(await spu.stop()).toBe(0);
    spu = await startSpu({ dataDir: spu.dataDir });
    kafka = new Kafka({ clientId: "kafkajs-test", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
    const producer2 = kafka.producer();
    await producer2.connect();
    await producer2.send({ topic, messages: [0, 1, 2, 3].map((p) => ({ value: `after-restart-${p}`, partition: p })) });
    await producer2.disconnect();
    received.set("c3", []);
    const c3 = kafka.consumer({ groupId: "g-two", maxWaitTimeInMs: 100 });
    await c3.connect();
    await c3.subscribe({ topic, fromBeginning: true });
    await c3.run({ eachMessage: async ({ message }) => void received.get("c3")!.push(message.value!.toString()) });
    await eventually("the post-restart records", () => (received.get("c3")!.length >= 4 ? true : undefined), 30_000);
    await c3.disconnect();
    expect(received.get("c3")!.sort()).toEqual([0, 1, 2, 3].map((p) => `after-restart-${p}`));
  });
});
