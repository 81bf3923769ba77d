import { Kafka, logLevel, type Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import { createClient, type FreshetClient } from "../client.js";
import { startSpu, type RunningSpu } from "../test-support/spu-process.js";
import { GroupNotEmptyError } from "./group-errors.js";

let spu: RunningSpu;
let client: FreshetClient;
let kafka: Kafka;
const T0 = 1_700_000_000_000;

beforeAll(async () => {
  spu = await startSpu();
  client = createClient({ bootstrap: spu.bootstrap, clientId: "group-admin-it" });
  kafka = new Kafka({ clientId: "group-admin-it", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING });
});

afterAll(async () => {
  await client?.close();
  await spu?.stop();
});

/** Polls `check` until it answers something, failing after `timeoutMs`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A kafkajs group member reading `topic` from the beginning, collecting "partition:value". */
async function startConsumer(groupId: string, topic: string, seen: string[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommitInterval: 100, eachMessage: async ({ partition, message }) => void seen.push(`${partition}:${message.value?.toString()}`) });
  return consumer;
}

/** Two records per partition at T0+i*1000, i = 0..(count-1), alternating partitions 0 and 1. */
async function produce(topic: string, from: number, count: number): Promise<void> {
  const records = Array.from({ length: count }, (_, k) => ({ value: `r${from + k}`, partition: (from + k) % 2, timestamp: T0 + (from + k) * 1000 }));
  await client.producer().send(topic, records);
}

const totalLag = async (groupId: string): Promise<number> => (await client.admin.describeGroupLag(groupId)).reduce((sum, p) => sum + (p.lag ?? 0), 0);

describe("consumer group administration against the real broker", () => {
  it("shows lag, refuses changes while members are active, resets to a timestamp and deletes the group", async () => {
    const topic = `lagging-${process.pid}`;
    const groupId = `readers-${process.pid}`;
    await client.admin.createTopics([{ name: topic, partitions: 2 }]);
    await produce(topic, 0, 6);

    const seen: string[] = [];
    let consumer = await startConsumer(groupId, topic, seen);
    await eventually("the consumer to commit everything", async () => ((await totalLag(groupId)) === 0 && seen.length === 6 ? true : undefined));
    expect(await client.admin.describeGroupLag(groupId)).toEqual([
      { topic, partition: 0, committedOffset: 3, endOffset: 3, lag: 0 },
      { topic, partition: 1, committedOffset: 3, endOffset: 3, lag: 0 },
    ]);

    const refused = await client.admin.resetGroupOffsets(groupId, { to: { kind: "earliest" } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GroupNotEmptyError);
    expect((refused as Error).message).toBe("The group has 1 active member; stop it before resetting offsets.");
    expect(((await client.admin.deleteGroup(groupId).catch((e: unknown) => e)) as Error).message).toBe("The group has 1 active member; stop it before deleting it.");

    await consumer.disconnect();
    await produce(topic, 6, 4);
    expect(await totalLag(groupId)).toBe(4);
    expect((await client.admin.describeGroups([groupId]))[0]!.state).toBe("Empty");

    // Records r5.. have timestamps at or after T0+5000: r5 is offset 2 of partition 1, r6 offset 3 of partition 0.
    const preview = await client.admin.planGroupOffsetReset(groupId, { to: { kind: "timestamp", timestamp: T0 + 5_000 } });
    expect(preview).toEqual([
      { topic, partition: 0, currentOffset: 3, newOffset: 3 },
      { topic, partition: 1, currentOffset: 3, newOffset: 2 },
    ]);
    expect(await client.admin.fetchGroupOffsets(groupId)).toEqual([
      { topic, partition: 0, offset: 3 },
      { topic, partition: 1, offset: 3 },
    ]);
    await client.admin.resetGroupOffsets(groupId, { to: { kind: "timestamp", timestamp: T0 + 5_000 } });
    expect(await totalLag(groupId)).toBe(5);

    seen.length = 0;
    consumer = await startConsumer(groupId, topic, seen);
    await eventually("the restarted consumer to catch up", async () => ((await totalLag(groupId)) === 0 && seen.length >= 5 ? true : undefined));
    expect(seen.sort()).toEqual(["0:r6", "0:r8", "1:r5", "1:r7", "1:r9"]);
    await consumer.disconnect();

    await client.admin.resetGroupOffsets(groupId, { to: { kind: "earliest" } });
    expect((await client.admin.fetchGroupOffsets(groupId)).map((o) => o.offset)).toEqual([0, 0]);
    await client.admin.resetGroupOffsets(groupId, { to: { kind: "offsets", offsets: [{ topic, partition: 1, offset: 99 }] } });
    // An explicit offset past the end is kept at the end; partitions not named keep theirs.
    expect((await client.admin.fetchGroupOffsets(groupId)).map((o) => o.offset)).toEqual([0, 5]);
    await client.admin.resetGroupOffsets(groupId, { to: { kind: "latest" } });
    expect(await totalLag(groupId)).toBe(0);

    await client.admin.deleteGroup(groupId);
    expect((await client.admin.listGroups()).map((g) => g.groupId)).not.toContain(groupId);
    const again = await client.admin.deleteGroup(groupId).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(KafkaProtocolError);
    expect((again as KafkaProtocolError).code).toBe(errorCode("GROUP_ID_NOT_FOUND"));
  });

  it("answers offsets for a timestamp, the end where no record is that late, and starts a new group on a named topic", async () => {
    const topic = `by-time-${process.pid}`;
    await client.admin.createTopics([{ name: topic, partitions: 2 }]);
    await produce(topic, 0, 4);
    expect(await client.admin.offsetsForTimestamp(topic, T0 + 1_500)).toEqual([
      { topic, partition: 0, offset: 1 },
      { topic, partition: 1, offset: 1 },
    ]);
    expect(await client.admin.offsetsForTimestamp(topic, T0 + 60_000)).toEqual([
      { topic, partition: 0, offset: 2 },
      { topic, partition: 1, offset: 2 },
    ]);
    const fresh = `fresh-${process.pid}`;
    expect(await client.admin.describeGroupLag(fresh)).toEqual([]);
    await client.admin.resetGroupOffsets(fresh, { topics: [topic], to: { kind: "timestamp", timestamp: T0 + 1_500 } });
    expect(await client.admin.describeGroupLag(fresh)).toEqual([
      { topic, partition: 0, committedOffset: 1, endOffset: 2, lag: 1 },
      { topic, partition: 1, committedOffset: 1, endOffset: 2, lag: 1 },
    ]);
  });
});
