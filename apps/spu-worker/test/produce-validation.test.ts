import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { encodeRequest } from "@freshet/protocol/framing/codec";
import { produce } from "@freshet/protocol/messages/produce";
import { writeBatchCrc } from "@freshet/protocol/records/batch-crc";
import { BATCH_HEADER_BYTES, Field } from "@freshet/protocol/records/batch-header";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { batchOverSection } from "@freshet/protocol/internal/forged-batch";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kcat } from "./support/kcat.js";
import { ErrorCode, idempotentBatch, initProducer, issueProducerId, rawProduce } from "./support/raw-produce.js";
import { openRaw } from "./support/raw-socket.js";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let spu: SpuProcess;
let kafka: Kafka;

beforeAll(async () => {
  spu = await startSpu();
  kafka = new Kafka({ clientId: "produce-validation", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 100 } });
});

afterAll(async () => {
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

async function createTopic(topic: string, partitions: number, client = kafka): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();
}

const values = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ value: `${prefix}-${index}` }));

/** Reads `count` values of one partition from the beginning with a fresh kafkajs group. */
async function consumeValues(topic: string, partition: number, count: number): Promise<{ offset: string; value: string }[]> {
  const consumer = kafka.consumer({ groupId: `check-${topic}-${Date.now()}`, maxWaitTimeInMs: 200 });
  const seen: { offset: string; value: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition: from, message }) => {
      if (from === partition) seen.push({ offset: message.offset, value: message.value?.toString() ?? "" });
    },
  });
  await eventually(`${count} records of ${topic}/${partition}`, () => (seen.length >= count ? true : undefined), 30_000);
  await consumer.disconnect();
  return seen;
}

const { CORRUPT_MESSAGE, INVALID_PRODUCER_EPOCH, UNKNOWN_PRODUCER_ID } = ErrorCode;

describe("produced batches are parsed before they are stored", () => {
  it("answers CORRUPT_MESSAGE for batches no consumer could decode, per partition, and consumers keep reading around them", async () => {
    const topic = "guarded";
    await createTopic(topic, 2);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: values("before", 3).map((m) => ({ ...m, partition: 0 })) });

    const conn = await openRaw(spu.port);
    const gzipOverNoise = await batchOverSection(randomBytes(300), 3, "gzip");
    const good = await buildRecordBatch({ records: [{ value: Buffer.from("beside") }] });
    expect(
      await rawProduce(conn, topic, [
        { index: 0, records: gzipOverNoise },
        { index: 1, records: good },
      ]),
    ).toEqual([CORRUPT_MESSAGE, 0]);
    const unparsable = await batchOverSection(
      Uint8Array.from({ length: 40 }, (_, i) => (i * 29) % 256),
      2,
    );
    expect(await rawProduce(conn, topic, [{ index: 0, records: unparsable }])).toEqual([CORRUPT_MESSAGE]);
    // Two real records under a claim of 2^31-1: stored, it would move the offsets by 2^31.
    const twoRecords = (await buildRecordBatch({ records: values("lie", 2).map((m) => ({ value: Buffer.from(m.value) })) })).subarray(BATCH_HEADER_BYTES);
    expect(await rawProduce(conn, topic, [{ index: 0, records: await batchOverSection(gzipSync(twoRecords), 2 ** 31 - 1, "gzip") }])).toEqual([CORRUPT_MESSAGE]);
    conn.end();

    await producer.send({ topic, messages: values("after", 3).map((m) => ({ ...m, partition: 0 })) });
    await producer.disconnect();
    const expected = [...values("before", 3), ...values("after", 3)].map((m, offset) => ({ offset: String(offset), value: m.value }));
    expect(await consumeValues(topic, 0, 6)).toEqual(expected);
    const read = await kcat(["-b", spu.bootstrap, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-X", "check.crcs=true", "-f", "%o %s\n"]);
    expect(read.stdout.trim().split("\n")).toEqual(expected.map((m) => `${m.offset} ${m.value}`));
    expect(await consumeValues(topic, 1, 1)).toEqual([{ offset: "0", value: "beside" }]);
  });

  it("keeps pipelined batches in request order while compressed ones are still being checked", async () => {
    const topic = "pipelined-mix";
    await createTopic(topic, 1);
    const conn = await openRaw(spu.port);
    const requests = 24;
    for (let index = 0; index < requests; index++) {
      // Large gzip batches take longer to check than the small plain ones right behind them.
      const compression = index % 2 === 0 ? "gzip" : "none";
      const filler = index % 2 === 0 ? randomBytes(64 * 1024).toString("hex") : "";
      const records = await buildRecordBatch({ records: [{ value: Buffer.from(`r${index}`) }, { value: Buffer.from(filler) }], compression });
      conn.send(
        encodeRequest(
          produce,
          { apiKey: 0, apiVersion: 7, correlationId: 50_000 + index, clientId: "mix" },
          { transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] },
        ),
      );
    }
    for (let index = 0; index < requests; index++) await conn.nextFrame();
    conn.end();
    const stored = await consumeValues(topic, 0, requests * 2);
    expect(stored.filter((_, offset) => offset % 2 === 0).map((record) => record.value)).toEqual(Array.from({ length: requests }, (_, index) => `r${index}`));
  });

  it("finds a batch sent with maxTimestamp -1 (as Sarama writes it) by time, through kafkajs and kcat", async () => {
    const topic = "sarama-times";
    await createTopic(topic, 1);
    const base = Date.now() - 60_000;
    const batch = await buildRecordBatch({ records: [0, 1000, 2000].map((delta) => ({ value: Buffer.from(`t${delta}`), timestamp: base + delta })) });
    new DataView(batch.buffer, batch.byteOffset).setBigInt64(Field.maxTimestamp, -1n);
    writeBatchCrc(batch);
    const conn = await openRaw(spu.port);
    expect(await rawProduce(conn, topic, [{ index: 0, records: batch }])).toEqual([0]);
    conn.end();

    const admin = kafka.admin();
    await admin.connect();
    const [byTime] = await admin.fetchTopicOffsetsByTimestamp(topic, base + 500);
    expect(byTime!.offset).toBe("1");
    await admin.disconnect();
    const queried = await kcat(["-b", spu.bootstrap, "-Q", "-t", `${topic}:0:${base + 1500}`]);
    expect(queried.stdout).toMatch(new RegExp(`${topic} \\[0\\] offset 2\\b`));
  });
});

describe("idempotent producer ids must be ones the broker issued", () => {
  it("refuses a never-issued producer id and a forged higher epoch, and the real producer carries on", async () => {
    const topic = "fencing";
    await createTopic(topic, 1);
    const conn = await openRaw(spu.port);
    const producerId = await issueProducerId(conn);
    expect(await rawProduce(conn, topic, [{ index: 0, records: await idempotentBatch("real-0", { producerId, producerEpoch: 0, baseSequence: 0 }) }])).toEqual([0]);
    const attacker = await openRaw(spu.port);
    expect(await rawProduce(attacker, topic, [{ index: 0, records: await idempotentBatch("forged-epoch", { producerId, producerEpoch: 1, baseSequence: 0 }) }])).toEqual([INVALID_PRODUCER_EPOCH]);
    expect(await rawProduce(attacker, topic, [{ index: 0, records: await idempotentBatch("foreign-id", { producerId: producerId + 1_000_000, producerEpoch: 0, baseSequence: 0 }) }])).toEqual([
      UNKNOWN_PRODUCER_ID,
    ]);
    attacker.end();
    expect(await rawProduce(conn, topic, [{ index: 0, records: await idempotentBatch("real-1", { producerId, producerEpoch: 0, baseSequence: 1 }) }])).toEqual([0]);
    conn.end();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, messages: [{ value: "kafkajs-0" }] });
    await producer.disconnect();
    expect(await consumeValues(topic, 0, 3)).toEqual([
      { offset: "0", value: "real-0" },
      { offset: "1", value: "real-1" },
      { offset: "2", value: "kafkajs-0" },
    ]);
  });

  it("still refuses to start a transactional producer (transactions are not supported)", async () => {
    const conn = await openRaw(spu.port);
    expect(await initProducer(conn, "orders-tx")).toEqual({ errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 });
    conn.end();
  });

  it("keeps accepting producer ids issued before a restart, used or not", async () => {
    const own = await startSpu();
    let restarted: SpuProcess | undefined;
    try {
      const before = await openRaw(own.port);
      const used = await issueProducerId(before);
      const unused = await issueProducerId(before);
      const topic = "restart-ids";
      await createTopic(topic, 1, new Kafka({ brokers: [own.bootstrap], logLevel: logLevel.NOTHING }));
      expect(await rawProduce(before, topic, [{ index: 0, records: await idempotentBatch("used-0", { producerId: used, producerEpoch: 0, baseSequence: 0 }) }])).toEqual([0]);
      before.end();
      expect(await own.stop()).toBe(0);

      restarted = await startSpu({ dataDir: own.dataDir });
      const after = await openRaw(restarted.port);
      expect(await rawProduce(after, topic, [{ index: 0, records: await idempotentBatch("used-1", { producerId: used, producerEpoch: 0, baseSequence: 1 }) }])).toEqual([0]);
      expect(await rawProduce(after, topic, [{ index: 0, records: await idempotentBatch("unused-0", { producerId: unused, producerEpoch: 0, baseSequence: 0 }) }])).toEqual([0]);
      const fresh = await issueProducerId(after);
      expect(fresh).toBeGreaterThan(unused);
      expect(await rawProduce(after, topic, [{ index: 0, records: await idempotentBatch("beyond", { producerId: fresh + 100_000, producerEpoch: 0, baseSequence: 0 }) }])).toEqual([
        UNKNOWN_PRODUCER_ID,
      ]);
      after.end();
    } finally {
      await own.stop();
      await restarted?.stop();
      await removeDataDir(own.dataDir);
    }
  });
});
