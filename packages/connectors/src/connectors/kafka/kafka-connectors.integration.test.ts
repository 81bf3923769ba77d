import { createClient, type FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceTask } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import type { SinkRecord, SourceRecord } from "../../kit/record.js";
import { testContext, testSourceContext } from "../../test-support/context.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import kafkaSink from "./kafka-sink.js";
import kafkaSource from "./kafka-source.js";

const encoder = new TextEncoder();
const text = (bytes: Uint8Array | string | null | undefined): string | null => (bytes === null || bytes === undefined ? null : typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes));
const never = new AbortController().signal;

let spu: RunningSpu;
let admin: FreshetClient;
let topicCounter = 0;

async function newTopic(partitions: number): Promise<string> {
  const name = `kc-${process.pid.toString()}-${(topicCounter++).toString()}`;
  await admin.admin.createTopics([{ name, partitions, replicationFactor: 1 }]);
  return name;
}

/** Polls until `count` records came (or the deadline passes), keeping the last position. */
async function pollRecords(task: SourceTask, count: number, deadlineMs = 30_000): Promise<{ records: SourceRecord[]; position: unknown }> {
  const records: SourceRecord[] = [];
  let position: unknown;
  const deadline = Date.now() + deadlineMs;
  while (records.length < count && Date.now() < deadline) {
    const batch = await task.poll(never);
    records.push(...batch.records);
    if (batch.position !== undefined) position = batch.position;
  }
  return { records, position };
}

async function readTopic(topic: string): Promise<ConsumedRecord[]> {
  const out: ConsumedRecord[] = [];
  for await (const record of admin.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) out.push(record);
  return out;
}

const sourceConfig = (topic: string, extra: Record<string, unknown> = {}) => kafkaSource.config.parse({ bootstrap: spu.bootstrap, topic, ...extra });
const sinkConfig = (topic: string, extra: Record<string, unknown> = {}) => kafkaSink.config.parse({ bootstrap: spu.bootstrap, topic, ...extra });

beforeAll(async () => {
  spu = await startSpu();
  admin = createClient({ bootstrap: spu.bootstrap, clientId: "connectors-it" });
});

afterAll(async () => {
  await admin?.close();
  await spu?.stop();
});

describe("kafka-source", () => {
  it("mirrors every record with key, value, headers and timestamp, then resumes from its position with only newer records", async () => {
    const topic = await newTopic(2);
    const produced = Array.from({ length: 20 }, (_, i) => ({
      key: `key-${i.toString()}`,
      value: `value-${i.toString()}`,
      partition: i % 2,
      timestamp: 1_700_000_000_000 + i,
      headers: { trace: `t-${i.toString()}` },
    }));
    await admin.producer().send(topic, produced);

    const first = await kafkaSource.open(testSourceContext(sourceConfig(topic)));
    const { records, position } = await pollRecords(first, 20);
    await first.close();
    expect(position).toEqual({ "0": 10, "1": 10 });
    const byOrigin = records.map((r) => ({
      key: text(r.key),
      value: text(r.value),
      timestamp: r.timestamp,
      headers: Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, text(v)])),
    }));
    const expected = produced.map((p, i) => ({
      key: p.key,
      value: p.value,
      timestamp: p.timestamp,
      headers: { trace: p.headers.trace, "freshet.mirror.topic": topic, "freshet.mirror.partition": p.partition.toString(), "freshet.mirror.offset": Math.floor(i / 2).toString() },
    }));
    const order = (r: { key: string | null }): number => Number(r.key?.slice(4));
    expect(byOrigin.sort((a, b) => order(a) - order(b))).toEqual(expected);

    await admin.producer().send(topic, [
      { key: "late-a", value: "a", partition: 0 },
      { key: "late-b", value: "b", partition: 1 },
      { key: "late-c", value: "c", partition: 1 },
    ]);
    const resumed = await kafkaSource.open(testSourceContext(sourceConfig(topic), position as never));
    const more = await pollRecords(resumed, 3);
    // One more poll: nothing older comes after the three.
    const after = await resumed.poll(never);
    await resumed.close();
    expect(more.records.map((r) => text(r.key)).sort()).toEqual(["late-a", "late-b", "late-c"]);
    expect(after.records).toEqual([]);
    expect(more.position).toEqual({ "0": 11, "1": 12 });
  });

  it("starts at the end when asked, copying only records produced after it opened", async () => {
    const topic = await newTopic(1);
    await admin.producer().send(topic, [{ value: "old" }]);
    const task = await kafkaSource.open(testSourceContext(sourceConfig(topic, { start: "end" })));
    await admin.producer().send(topic, [{ value: "new" }]);
    const { records, position } = await pollRecords(task, 1);
    await task.close();
    expect(records.map((r) => text(r.value))).toEqual(["new"]);
    expect(position).toEqual({ "0": 2 });
  });

  it("fails permanently for a topic the other cluster does not have", async () => {
    const missing = `kc-missing-${process.pid.toString()}`;
    const opening = kafkaSource.open(testSourceContext(sourceConfig(missing)));
    await expect(opening).rejects.toBeInstanceOf(PermanentError);
    await expect(opening).rejects.toThrow(`the topic ${missing} does not exist on ${spu.bootstrap}`);
    expect(await kafkaSource.check(testContext(sourceConfig(missing)))).toEqual({ ok: false, message: `the topic ${missing} does not exist on ${spu.bootstrap}` });
  });

  it("reports an unreachable cluster as an error worth retrying", async () => {
    const topic = await newTopic(1);
    const [host, port] = spu.bootstrap.split(":");
    const proxy = await TcpFaultProxy.start({ host: host!, port: Number(port) });
    const config = kafkaSource.config.parse({ bootstrap: proxy.address, topic });
    expect(await kafkaSource.check(testContext(config))).toEqual({ ok: true, detail: `the topic ${topic} on ${proxy.address} has 1 partition` });
    await proxy.down();
    const failure = await kafkaSource.open(testSourceContext(config)).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentError);
    expect(failure?.message).toMatch(new RegExp(`^cannot reach ${proxy.address}: `));
    const checked = await kafkaSource.check(testContext(config));
    expect(checked.ok).toBe(false);
    await proxy.up();
    const task = await kafkaSource.open(testSourceContext(config));
    await task.close();
    await proxy.down();
  });
});

describe("kafka-sink", () => {
  const sinkRecords = (count: number, partition: number): SinkRecord[] =>
    Array.from({ length: count }, (_, i) => ({
      topic: "here",
      partition,
      offset: i,
      timestamp: 1_700_000_100_000 + i,
      key: encoder.encode(`k${i.toString()}`),
      value: i === 3 ? null : encoder.encode(`v${i.toString()}`),
      headers: { origin: encoder.encode("test"), n: encoder.encode(i.toString()) },
    }));

  it("produces records with their key, value, headers and timestamp to the same partition number", async () => {
    const topic = await newTopic(3);
    const sink = await kafkaSink.open(testContext(sinkConfig(topic, { preservePartition: true })));
    await sink.write(sinkRecords(6, 2), never);
    await sink.close();
    const landed = await readTopic(topic);
    expect(
      landed.map((r) => ({ partition: r.partition, offset: r.offset, timestamp: r.timestamp, key: text(r.key), value: text(r.value), headers: r.headers.map((h) => [h.key, text(h.value)]) })),
    ).toEqual(
      Array.from({ length: 6 }, (_, i) => ({
        partition: 2,
        offset: i,
        timestamp: 1_700_000_100_000 + i,
        key: `k${i.toString()}`,
        value: i === 3 ? null : `v${i.toString()}`,
        headers: [
          ["origin", "test"],
          ["n", i.toString()],
        ],
      })),
    );
  });

  it("lets the key pick the partition unless preservePartition is set", async () => {
    const topic = await newTopic(4);
    const sink = await kafkaSink.open(testContext(sinkConfig(topic)));
    await sink.write(sinkRecords(40, 0), never);
    await sink.close();
    const landed = await readTopic(topic);
    expect(landed).toHaveLength(40);
    expect(new Set(landed.map((r) => r.partition)).size).toBeGreaterThan(1);
  });

  it("fails permanently for a missing topic and retriably for an unreachable cluster", async () => {
    const missing = `kc-missing-sink-${process.pid.toString()}`;
    const sink = await kafkaSink.open(testContext(sinkConfig(missing)));
    await expect(sink.write(sinkRecords(1, 0), never)).rejects.toThrow(new PermanentError(`the topic ${missing} does not exist on ${spu.bootstrap}`));
    await sink.close();

    const topic = await newTopic(1);
    const [host, port] = spu.bootstrap.split(":");
    const proxy = await TcpFaultProxy.start({ host: host!, port: Number(port) });
    await proxy.down();
    const down = await kafkaSink.open(testContext(kafkaSink.config.parse({ bootstrap: proxy.address, topic })));
    const failure = await down.write(sinkRecords(1, 0), never).then(
      () => null,
      (error: unknown) => error as Error,
    );
    await down.close();
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentError);
    expect(failure?.message).toMatch(new RegExp(`^cannot reach ${proxy.address}: `));
    expect(await readTopic(topic)).toEqual([]);
  });
});
