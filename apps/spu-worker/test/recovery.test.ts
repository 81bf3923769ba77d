import { readdir, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let spu: SpuProcess | undefined;

afterEach(async () => {
  if (spu) {
    await spu.stop();
    await removeDataDir(spu.dataDir);
    spu = undefined;
  }
});

function client(s: SpuProcess): Kafka {
  return new Kafka({ brokers: [s.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
}

async function produceBatches(s: SpuProcess, topic: string, batches: number, perBatch: number): Promise<void> {
  const producer = client(s).producer();
  await producer.connect();
  for (let b = 0; b < batches; b++) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: perBatch }, (_, i) => ({ value: `b${b}-r${i}` })) });
  }
  await producer.disconnect();
}

async function highWatermark(s: SpuProcess, topic: string): Promise<number> {
  const admin = client(s).admin();
  await admin.connect();
  const [p0] = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return Number(p0!.high);
}

async function consumeValues(s: SpuProcess, topic: string, expected: number): Promise<string[]> {
  const consumer = client(s).consumer({ groupId: `check-${Date.now()}`, maxWaitTimeInMs: 100 });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
  await eventually(`${expected} records`, () => (values.length >= expected ? true : undefined), 20_000);
  await consumer.disconnect();
  return values;
}

describe("recovery on start", () => {
  it("truncates a torn tail to the last whole batch, says so, and keeps serving", async () => {
    spu = await startSpu();
    await produceBatches(spu, "torn", 10, 5);
    expect(await spu.stop()).toBe(0);
    const dir = join(spu.dataDir, "topics", "torn-0");
    const segment = (await readdir(dir)).find((f) => f.endsWith(".log"))!;
    const size = (await stat(join(dir, segment))).size;
    await truncate(join(dir, segment), size - 17);

    spu = await startSpu({ dataDir: spu.dataDir });
    expect(spu.output()).toMatch(/truncat/i);
    expect(await highWatermark(spu, "torn")).toBe(45);
    const values = await consumeValues(spu, "torn", 45);
    expect(values).toEqual(Array.from({ length: 45 }, (_, i) => `b${Math.floor(i / 5)}-r${i % 5}`));
    await produceBatches(spu, "torn", 1, 5);
    expect(await highWatermark(spu, "torn")).toBe(50);
  });

  it("keeps every acknowledged record across a SIGKILL", async () => {
    spu = await startSpu();
    await produceBatches(spu, "killed", 20, 10);
    await spu.kill();
    spu = await startSpu({ dataDir: spu.dataDir });
    expect(await highWatermark(spu, "killed")).toBe(200);
    const values = await consumeValues(spu, "killed", 200);
    expect(new Set(values).size).toBe(200);
  });
});
