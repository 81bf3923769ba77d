import { open, readdir, rm, truncate, unlink } from "node:fs/promises";
import { join } from "node:path";
import { BrokerConnection } from "@freshet/client/connection/connection";
import { nodeTcpConnector } from "@freshet/client/transport/node-tcp";
import { fetch } from "@freshet/protocol/messages/fetch";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { Kafka, logLevel, type logCreator } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { partitionDir, storedBatches, type StoredBatch } from "./cluster/partition-files.js";
import { kcat } from "./support/kcat.js";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

/**
 * A standalone broker over a data directory damaged while it was stopped, as an operator
 * with a bad disk (or a wrong `rm`) would leave it: it must start, never delete what it
 * does not understand, serve every intact offset, and answer damaged ones with
 * CORRUPT_MESSAGE — reported once in its log, not once per fetch.
 */
let spu: SpuProcess | undefined;

afterEach(async () => {
  if (spu) {
    await spu.stop();
    await removeDataDir(spu.dataDir);
    spu = undefined;
  }
});

const PAD = "x".repeat(100);
/** How kafkajs words CORRUPT_MESSAGE (error code 2). */
const KAFKAJS_CORRUPT = /failed its CRC checksum|otherwise corrupt/;
const valueOf = (topic: string, index: number): string => `${topic}-${index}-${PAD}`;

function kafka(s: SpuProcess, logs?: string[]): Kafka {
  const capture: logCreator = () => (entry) => void logs?.push(`${entry.log.message} ${JSON.stringify(entry.log)}`);
  return new Kafka({ brokers: [s.bootstrap], logLevel: logs ? logLevel.ERROR : logLevel.NOTHING, logCreator: capture, retry: { retries: 5, initialRetryTime: 100 } });
}

/**
 * One batch per record, in topics of small segments so there are several closed ones
 * (1 KiB: fully checked on start; 8 KiB: past the 4 KiB index interval, so a batch early in
 * a closed segment is only ever checked when it is read).
 */
async function fill(s: SpuProcess, topics: Record<string, number>, records: number, segmentBytes = 1024): Promise<void> {
  const admin = kafka(s).admin();
  await admin.connect();
  await admin.createTopics({
    topics: Object.entries(topics).map(([topic, partitions]) => ({ topic, numPartitions: partitions, configEntries: [{ name: "segment.bytes", value: String(segmentBytes) }] })),
  });
  await admin.disconnect();
  const producer = kafka(s).producer();
  await producer.connect();
  for (const [topic, partitions] of Object.entries(topics)) {
    for (let index = 0; index < records; index++) {
      await producer.send({ topic, acks: -1, messages: [{ value: valueOf(topic, index), partition: index % partitions }] });
    }
  }
  await producer.disconnect();
}

/** Every batch of a partition with the segment file it is in, in offset order. */
async function batchesOf(dataDir: string, topic: string): Promise<(StoredBatch & { file: string })[]> {
  const dir = partitionDir(dataDir, topic, 0);
  const files = (await readdir(dir)).filter((name) => name.endsWith(".log")).sort();
  const all: (StoredBatch & { file: string })[] = [];
  for (const name of files) for (const batch of await storedBatches(join(dir, name))) all.push({ ...batch, file: join(dir, name) });
  return all;
}

async function overwrite(file: string, position: number, bytes: number[]): Promise<void> {
  const handle = await open(file, "r+");
  await handle.write(Buffer.from(bytes), 0, bytes.length, position);
  await handle.close();
}

/** kcat reading one partition from `offset`; stops after `count` records. */
async function kcatRead(s: SpuProcess, topic: string, offset: number, count: number): Promise<string[]> {
  const result = await kcat(["-b", s.bootstrap, "-C", "-t", topic, "-p", "0", "-o", String(offset), "-c", String(count), "-f", "%o %s\n"]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim().split("\n");
}

async function restartWithDamage(damage: (dataDir: string) => Promise<void>): Promise<SpuProcess> {
  expect(await spu!.stop()).toBe(0);
  const dataDir = spu!.dataDir;
  spu = undefined;
  await damage(dataDir);
  try {
    spu = await startSpu({ dataDir });
  } catch (error) {
    await removeDataDir(dataDir);
    throw error;
  }
  return spu;
}

function linesOf(s: SpuProcess, message: string): number {
  return s
    .output()
    .split("\n")
    .filter((line) => line.includes(`"msg":"${message}`)).length;
}

describe("a broker whose metadata.json is lost", () => {
  it("keeps and serves every topic's data instead of deleting partitions no topic owns", async () => {
    spu = await startSpu();
    await fill(spu, { orders: 2, audit: 1 }, 20);
    const s = await restartWithDamage(async (dataDir) => {
      await unlink(join(dataDir, "metadata.json"));
      await rm(join(dataDir, "metadata.json.previous"), { force: true });
    });
    expect(s.output()).not.toContain("removing partition directory that no topic owns");
    const consumer = kafka(s).consumer({ groupId: "after-loss", maxWaitTimeInMs: 100 });
    const seen = new Set<string>();
    await consumer.connect();
    await consumer.subscribe({ topics: ["orders", "audit"], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.add(message.value!.toString()) });
    await eventually("all 40 records", () => (seen.size >= 40 ? true : undefined), 30_000);
    await consumer.disconnect();
    const expected = [...Array.from({ length: 20 }, (_, i) => valueOf("orders", i)), ...Array.from({ length: 20 }, (_, i) => valueOf("audit", i))];
    expect([...seen].sort()).toEqual(expected.sort());
  });
});

describe("a broker with damaged closed segments", () => {
  it("answers CORRUPT_MESSAGE to kafkajs for a record whose bytes changed on disk, never the changed value", async () => {
    spu = await startSpu();
    await fill(spu, { flipped: 1 }, 120, 8192);
    const victim = (await batchesOf(spu.dataDir, "flipped"))[2]!;
    const s = await restartWithDamage((dataDir) => overwrite(join(partitionDir(dataDir, "flipped", 0), victim.file.split("/").at(-1)!), victim.position + victim.size - 20, [0x21, 0x21]));

    const logs: string[] = [];
    const consumer = kafka(s, logs).consumer({ groupId: "flip-reader", maxWaitTimeInMs: 100, retry: { retries: 2, initialRetryTime: 100 } });
    const delivered: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: "flipped", fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void delivered.push(message.value!.toString()) });
    await eventually("kafkajs to report the corrupt message", () => (logs.some((line) => KAFKAJS_CORRUPT.test(line)) ? true : undefined), 30_000);
    await consumer.disconnect();
    expect(delivered).toEqual([valueOf("flipped", 0), valueOf("flipped", 1)]);

    // Past the damaged batch the partition reads on.
    expect(await kcatRead(s, "flipped", 3, 117)).toEqual(Array.from({ length: 117 }, (_, i) => `${i + 3} ${valueOf("flipped", i + 3)}`));
    expect(linesOf(s, "damaged log range")).toBe(1);
  });

  it("starts with a truncated closed segment and serves every other offset of it and of other topics", async () => {
    spu = await startSpu();
    await fill(spu, { cut: 1, bystander: 1 }, 30);
    const batches = await batchesOf(spu.dataDir, "cut");
    const firstFile = batches[0]!.file;
    const nextSegment = batches.find((batch) => batch.file !== firstFile)!.baseOffset;
    const s = await restartWithDamage((dataDir) => truncate(join(partitionDir(dataDir, "cut", 0), firstFile.split("/").at(-1)!), batches[2]!.position + 30));

    expect(await kcatRead(s, "bystander", 0, 30)).toHaveLength(30);
    expect(await kcatRead(s, "cut", 0, 2)).toEqual([`0 ${valueOf("cut", 0)}`, `1 ${valueOf("cut", 1)}`]);
    expect(await kcatRead(s, "cut", nextSegment, 30 - nextSegment)).toHaveLength(30 - nextSegment);
    expect(linesOf(s, "damaged log range")).toBe(1);
  });

  it("answers fetches past a damaged batch length with CORRUPT_MESSAGE on a connection that stays open, logging it once", async () => {
    spu = await startSpu();
    await fill(spu, { framing: 1 }, 120, 8192);
    const victim = (await batchesOf(spu.dataDir, "framing"))[1]!;
    const s = await restartWithDamage((dataDir) => overwrite(join(partitionDir(dataDir, "framing", 0), victim.file.split("/").at(-1)!), victim.position + 8, [0x00, 0x00, 0x7f, 0x00]));

    const connection = await BrokerConnection.open({ address: { host: "127.0.0.1", port: s.port }, connector: nodeTcpConnector, clientId: "damage-probe", requestTimeoutMs: 10_000 });
    try {
      for (let attempt = 0; attempt < 200; attempt++) {
        const response = await connection.request(fetch, {
          replicaId: -1,
          maxWaitMs: 0,
          minBytes: 1,
          maxBytes: 1 << 20,
          isolationLevel: 0,
          sessionId: 0,
          sessionEpoch: -1,
          topics: [
            { topic: "framing", topicId: ZERO_UUID, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 1n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20 }] },
          ],
          forgottenTopicsData: [],
          rackId: "",
        });
        expect(response.responses[0]?.partitions[0]?.errorCode).toBe(2);
      }
    } finally {
      connection.close();
    }
    expect(linesOf(s, "damaged log range")).toBe(1);
    expect(s.output()).not.toContain('"stack"');
  });

  it("answers a consumer at a missing middle segment with CORRUPT_MESSAGE instead of stalling at the gap", async () => {
    spu = await startSpu();
    await fill(spu, { gap: 1 }, 30);
    const batches = await batchesOf(spu.dataDir, "gap");
    const files = [...new Set(batches.map((batch) => batch.file))];
    const missing = batches.filter((batch) => batch.file === files[1]);
    const s = await restartWithDamage((dataDir) => unlink(join(partitionDir(dataDir, "gap", 0), files[1]!.split("/").at(-1)!)));

    const logs: string[] = [];
    const consumer = kafka(s, logs).consumer({ groupId: "gap-reader", maxWaitTimeInMs: 100, retry: { retries: 2, initialRetryTime: 100 } });
    const delivered: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: "gap", fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void delivered.push(message.value!.toString()) });
    await eventually("kafkajs to report the lost range", () => (logs.some((line) => KAFKAJS_CORRUPT.test(line)) ? true : undefined), 30_000);
    await consumer.disconnect();
    expect(delivered).toEqual(Array.from({ length: missing[0]!.baseOffset }, (_, i) => valueOf("gap", i)));
    const after = missing.at(-1)!.lastOffset + 1;
    expect(await kcatRead(s, "gap", after, 30 - after)).toHaveLength(30 - after);
  });
});
