import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { createClient, type FreshetClient } from "./client.js";
import { UnknownTopicError } from "./cluster/cluster-errors.js";
import type { ConsumedRecord } from "./consumer/consumed-record.js";
import { murmur2, toPositive } from "./producer/murmur2.js";
import { startSpu, type RunningSpu } from "./test-support/spu-process.js";

const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : new TextDecoder().decode(bytes));

let spu: RunningSpu;
let client: FreshetClient;
let topicCounter = 0;

async function newTopic(partitions: number, configs: Record<string, string> = {}): Promise<string> {
  const name = `it-${process.pid}-${topicCounter++}`;
  await client.admin.createTopics([{ name, partitions, replicationFactor: 1, configs }]);
  return name;
}

async function readAll(iterator: AsyncIterable<ConsumedRecord>): Promise<ConsumedRecord[]> {
  const out: ConsumedRecord[] = [];
  for await (const record of iterator) out.push(record);
  return out;
}

beforeAll(async () => {
  spu = await startSpu();
  client = createClient({ bootstrap: spu.bootstrap, clientId: "client-it" });
});

afterAll(async () => {
  await client?.close();
  await spu?.stop();
});

describe("admin against the real broker", () => {
  it("creates, describes, grows and deletes topics", async () => {
    const name = await newTopic(2, { "retention.ms": "3600000", "freshet.durability": "none" });
    expect(await client.admin.listTopics()).toContain(name);
    const described = await client.admin.describeTopic(name);
    expect(described.partitions.map((p) => [p.partition, p.leader >= 0, p.logStartOffset, p.highWatermark])).toEqual([
      [0, true, 0, 0],
      [1, true, 0, 0],
    ]);
    expect(described.configs?.find((c) => c.name === "retention.ms")).toMatchObject({ value: "3600000", isDefault: false });
    expect(described.configs?.find((c) => c.name === "freshet.durability")).toMatchObject({ value: "none", isDefault: false });

    await expect(client.admin.createTopics([{ name, partitions: 1 }])).rejects.toMatchObject({ code: 36 });
    await client.admin.createPartitions(name, 4);
    expect((await client.admin.describeTopic(name)).partitions).toHaveLength(4);
    await client.admin.deleteTopics([name]);
    expect(await client.admin.listTopics()).not.toContain(name);
    await expect(client.admin.describeTopic(name)).rejects.toBeInstanceOf(UnknownTopicError);
  });

  it("reports an invalid config with the broker's reason", async () => {
    const attempt = client.admin.createTopics([{ name: `bad-${process.pid}`, partitions: 1, configs: { "no.such.config": "1" } }]);
    await expect(attempt).rejects.toBeInstanceOf(KafkaProtocolError);
    await expect(attempt).rejects.toThrow(/no\.such\.config/);
  });
});

describe("producer and consumer against the real broker", () => {
  it("places keyed records by murmur2 like the Java client and returns their offsets", async () => {
    const topic = await newTopic(3);
    const keys = Array.from({ length: 30 }, (_, i) => `key-${i}`);
    const sent = await client.producer().send(
      topic,
      keys.map((key) => ({ key, value: `value of ${key}` })),
    );
    keys.forEach((key, i) => expect(sent[i]!.partition).toBe(toPositive(murmur2(new TextEncoder().encode(key))) % 3));
    const consumed = await readAll(client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true }));
    expect(consumed).toHaveLength(30);
    for (const record of consumed) {
      const index = keys.indexOf(text(record.key)!);
      expect(sent[index]).toEqual({ partition: record.partition, offset: record.offset });
      expect(text(record.value)).toBe(`value of ${keys[index]}`);
    }
  });

  it("round-trips every compression codec, headers, null keys and tombstones", async () => {
    const topic = await newTopic(1);
    const producer = client.producer();
    for (const compression of ["none", "gzip", "snappy", "lz4", "zstd"] as const) {
      await producer.send(
        topic,
        [
          { value: `${compression}-1`, headers: { codec: compression } },
          { key: "k", value: null },
        ],
        { compression },
      );
    }
    const consumed = await readAll(client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true }));
    expect(consumed.map((r) => [r.offset, text(r.key), text(r.value)])).toEqual(
      ["none", "gzip", "snappy", "lz4", "zstd"].flatMap((c, i) => [
        [2 * i, null, `${c}-1`],
        [2 * i + 1, "k", null],
      ]),
    );
    expect(consumed.filter((r) => r.headers.length > 0).map((r) => [r.headers[0]!.key, text(r.headers[0]!.value)])).toEqual(["none", "gzip", "snappy", "lz4", "zstd"].map((c) => ["codec", c]));
  });

  it("starts at the beginning, an offset, or N before the end, and stops at the end with exitAtEnd", async () => {
    const topic = await newTopic(2);
    await client.producer().send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ value: String(i), partition: i % 2 })),
    );
    const values = async (start: Parameters<FreshetClient["consume"]>[0]["start"], partitions?: number[]): Promise<string[]> =>
      (await readAll(client.consume({ topic, start, partitions, exitAtEnd: true }))).map((r) => `${r.partition}:${text(r.value)}`).sort();
    expect(await values({ kind: "beginning" })).toHaveLength(10);
    expect(await values({ kind: "offset", offset: 3 }, [1])).toEqual(["1:7", "1:9"]);
    expect(await values({ kind: "fromEnd", count: 1 })).toEqual(["0:8", "1:9"]);
    expect(await values({ kind: "end" })).toEqual([]);
  });

  it("delivers records produced while a continuous consumer waits", async () => {
    const topic = await newTopic(1);
    // Offset 0 of the empty topic is its end: the consumer long-polls there whenever the send lands.
    const iterator = client.consume({ topic, start: { kind: "offset", offset: 0 }, maxWaitMs: 100 })[Symbol.asyncIterator]();
    const first = iterator.next();
    await client.producer().send(topic, [{ value: "late" }]);
    const record = await first;
    expect(text((record.value as ConsumedRecord).value)).toBe("late");
    await iterator.return?.(undefined);
  });

  it("sends with acks=0 without waiting for an answer", async () => {
    const topic = await newTopic(1);
    const sent = await client.producer().send(topic, [{ value: "a" }, { value: "b" }], { acks: 0 });
    expect(sent).toEqual([
      { partition: 0, offset: -1 },
      { partition: 0, offset: -1 },
    ]);
    const deadline = Date.now() + 5_000;
    let seen: ConsumedRecord[] = [];
    while (seen.length < 2 && Date.now() < deadline) seen = await readAll(client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true }));
    expect(seen.map((r) => text(r.value))).toEqual(["a", "b"]);
  });

  it("produces idempotently with sequence numbers the broker accepts", async () => {
    const topic = await newTopic(2);
    const producer = client.producer({ idempotent: true });
    const first = await producer.send(topic, [
      { value: "1", partition: 0 },
      { value: "2", partition: 1 },
    ]);
    const second = await producer.send(topic, [{ value: "3", partition: 0 }]);
    expect([...first, ...second]).toEqual([
      { partition: 0, offset: 0 },
      { partition: 1, offset: 0 },
      { partition: 0, offset: 1 },
    ]);
    await expect(producer.send(topic, [{ value: "x" }], { acks: 1 })).rejects.toBeInstanceOf(RangeError);
  });
});

describe("consumer groups against the real broker", () => {
  it("commits positions so the next member resumes where the last one left", async () => {
    const topic = await newTopic(2);
    const groupId = `g-${process.pid}-resume`;
    await client.producer().send(
      topic,
      Array.from({ length: 6 }, (_, i) => ({ value: String(i), partition: i % 2 })),
    );
    const run = (): Promise<ConsumedRecord[]> => readAll(client.consumeGroup({ topic, groupId, start: { kind: "beginning" }, exitAtEnd: true, sessionTimeoutMs: 10_000 }));
    expect((await run()).map((r) => text(r.value)).sort()).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(await run()).toEqual([]);
    await client.producer().send(topic, [{ value: "6", partition: 1 }]);
    expect((await run()).map((r) => text(r.value))).toEqual(["6"]);
    const [group] = await client.admin.describeGroups([groupId]);
    expect(group).toMatchObject({ groupId, state: "Empty", members: [] });
    expect((await client.admin.listGroups()).map((g) => g.groupId)).toContain(groupId);
  });

  it("splits partitions between two members after a rebalance, each reading its own", async () => {
    const topic = await newTopic(4);
    const groupId = `g-${process.pid}-split`;
    const options = { topic, groupId, start: { kind: "beginning" as const }, maxWaitMs: 100, heartbeatIntervalMs: 200, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000 };
    const abort = new AbortController();
    const members = [0, 1].map(() => client.consumeGroup({ ...options, signal: abort.signal })[Symbol.asyncIterator]());
    const next = members.map((m) => m.next());
    try {
      const deadline = Date.now() + 30_000;
      let assignments = new Map<string, number[]>();
      while (Date.now() < deadline) {
        const [group] = await client.admin.describeGroups([groupId]);
        assignments = new Map((group?.members ?? []).map((m) => [m.memberId, (m.assignment ?? []).flatMap((a) => a.partitions).sort()]));
        if (group?.state === "Stable" && assignments.size === 2) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect([...assignments.values()].flat().sort()).toEqual([0, 1, 2, 3]);
      expect([...assignments.values()].map((a) => a.length)).toEqual([2, 2]);
      // No commits exist, so both members read their partitions from the beginning.
      await client.producer().send(
        topic,
        [0, 1, 2, 3].map((partition) => ({ value: String(partition), partition })),
      );
      const seen: number[][] = [[], []];
      for (const index of [0, 1]) {
        for (let i = 0; i < 2; i++) {
          const result = await next[index]!;
          seen[index]!.push((result.value as ConsumedRecord).partition);
          next[index] = members[index]!.next();
        }
      }
      expect(seen.map((partitions) => partitions.sort()).sort()).toEqual([...assignments.values()].sort());
    } finally {
      abort.abort();
      await Promise.allSettled(next);
      await Promise.allSettled(members.map((m) => m.return(undefined)));
    }
  });
});
