/*
 * Topic mutations a hostile or careless client cannot use to take the broker down:
 * CreatePartitions is bounded like CreateTopics, --max-partitions caps the broker's
 * total over the Kafka API, and a creation that runs out of file descriptors is
 * refused and rolled back while everything else keeps being served.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const running: SpuProcess[] = [];
const admins: Admin[] = [];

afterEach(async () => {
  for (const admin of admins.splice(0)) await admin.disconnect();
  for (const spu of running.splice(0)) {
    await spu.stop();
    await removeDataDir(spu.dataDir);
  }
});

async function broker(options: Parameters<typeof startSpu>[0] = {}): Promise<SpuProcess> {
  const spu = await startSpu(options);
  running.push(spu);
  return spu;
}

function kafka(spu: SpuProcess): Kafka {
  return new Kafka({ clientId: "topic-limits", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
}

async function admin(spu: SpuProcess): Promise<Admin> {
  const client = kafka(spu).admin();
  await client.connect();
  admins.push(client);
  return client;
}

async function partitionDirectories(spu: SpuProcess): Promise<string[]> {
  return (await readdir(join(spu.dataDir, "topics")).catch(() => [] as string[])).sort();
}

async function roundTrip(spu: SpuProcess, topic: string, value: string): Promise<string[]> {
  const producer = kafka(spu).producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value }] });
  await producer.disconnect();
  const consumer = kafka(spu).consumer({ groupId: `read-${topic}-${value}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: string[] = [];
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
  await eventually(`${value} read back from ${topic}`, () => (seen.includes(value) ? true : undefined), 20_000);
  await consumer.disconnect();
  // Two partitions: no order across them.
  return seen.sort();
}

describe("topic mutation limits", () => {
  it("refuses CreatePartitions to 2^31-1 at once with INVALID_PARTITIONS, creating no directory, and keeps serving", async () => {
    const spu = await broker();
    const client = await admin(spu);
    await client.createTopics({ topics: [{ topic: "small", numPartitions: 1 }] });
    const started = performance.now();
    const refusal = await client.createPartitions({ topicPartitions: [{ topic: "small", count: 2 ** 31 - 1 }] }).catch((error: unknown) => error);
    const elapsedMs = performance.now() - started;
    expect(refusal).toMatchObject({ type: "INVALID_PARTITIONS" });
    console.info(`CreatePartitions to 2^31-1 refused in ${elapsedMs.toFixed(0)} ms`);
    expect(await partitionDirectories(spu)).toEqual(["small-0"]);
    await client.createPartitions({ topicPartitions: [{ topic: "small", count: 2 }] });
    expect(await partitionDirectories(spu)).toEqual(["small-0", "small-1"]);
  });

  it("enforces --max-partitions over the Kafka API with POLICY_VIOLATION", async () => {
    const spu = await broker({ args: ["--max-partitions", "3"] });
    const client = await admin(spu);
    await client.createTopics({ topics: [{ topic: "orders", numPartitions: 2 }] });
    const tooMany = await client.createTopics({ topics: [{ topic: "audit", numPartitions: 2 }] }).catch((error: unknown) => error);
    expect(tooMany).toMatchObject({ errors: [expect.objectContaining({ type: "POLICY_VIOLATION" })] });
    const grown = await client.createPartitions({ topicPartitions: [{ topic: "orders", count: 4 }] }).catch((error: unknown) => error);
    expect(grown).toMatchObject({ type: "POLICY_VIOLATION" });
    await client.createTopics({ topics: [{ topic: "audit", numPartitions: 1 }] });
    expect(await partitionDirectories(spu)).toEqual(["audit-0", "orders-0", "orders-1"]);
  });

  it("refuses a topic whose files it cannot open (EMFILE), rolls it back, keeps serving, and restarts with its metadata intact", async () => {
    const spu = await broker({ maxOpenFiles: 160 });
    const client = await admin(spu);
    await client.createTopics({ topics: [{ topic: "steady", numPartitions: 2 }] });
    expect(await roundTrip(spu, "steady", "before")).toEqual(["before"]);

    const refusal = await client.createTopics({ topics: [{ topic: "huge", numPartitions: 400 }] }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ errors: [expect.objectContaining({ type: "KAFKA_STORAGE_ERROR" })] });
    expect(spu.output()).toMatch(/EMFILE/);
    expect(await partitionDirectories(spu)).toEqual(["steady-0", "steady-1"]);
    expect(await client.listTopics()).not.toContain("huge");
    expect(await roundTrip(spu, "steady", "during")).toEqual(["before", "during"]);

    const dataDir = spu.dataDir;
    expect(await running.pop()!.stop()).toBe(0);
    const restarted = await broker({ dataDir });
    expect((await (await admin(restarted)).listTopics()).sort()).toEqual(["steady"]);
    expect(await roundTrip(restarted, "steady", "after")).toEqual(["after", "before", "during"]);
  });
});
