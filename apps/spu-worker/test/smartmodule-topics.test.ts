import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { FileRegistry } from "@freshet/engine/smartmodules/file-registry";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { Kafka, logLevel, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kcat } from "./support/kcat.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const example = (name: string) => fileURLToPath(new URL(`../../../packages/smartmodule/examples/${name}/src/index.ts`, import.meta.url));
const chain = (steps: { module: string; params: Record<string, string> }[]) => JSON.stringify(steps);
const keepFilter = chain([{ module: "json-filter", params: { field: "kind", value: "keep" } }]);

let dataDir: string;
let spu: SpuProcess;
let client: FreshetClient;
let kafka: Kafka;
let producer: Producer;

async function connect(): Promise<void> {
  client = createClient({ bootstrap: spu.bootstrap, clientId: "sm-topics" });
  kafka = new Kafka({ clientId: "sm-topics", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING });
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
}

async function disconnect(): Promise<void> {
  await producer.disconnect();
  await client.close();
}

beforeAll(async () => {
  dataDir = await makeDataDir();
  const registry = await FileRegistry.open(join(dataDir, "smartmodules"));
  for (const name of ["json-filter", "running-sum"]) {
    const { wasm } = await buildSmartModule(example(name));
    const loaded = await registry.load(name, "0.1.0", wasm);
    expect(loaded.ok).toBe(true);
  }
  spu = await startSpu({ dataDir });
  await connect();
}, 180_000);

afterAll(async () => {
  await disconnect();
  expect(await spu.stop()).toBe(0);
  await removeDataDir(dataDir);
});

/** `partition offset value source-offset` of every record, read with kcat (librdkafka). */
async function kcatRecords(topic: string): Promise<string[]> {
  const read = await kcat(["-b", spu.bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-X", "check.crcs=true", "-f", "%p %o %s %h\n"]);
  expect(read.code, read.stderr).toBe(0);
  return read.stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((line) => line.replace(/ (\S*)$/, (_, h: string) => ` ${/freshet\.source\.offset=(\d+)/.exec(h)?.[1] ?? "-"}`))
    .sort((a, b) => {
      const [pa, oa] = a.split(" ").map(Number);
      const [pb, ob] = b.split(" ").map(Number);
      return pa! - pb! || oa! - ob!;
    });
}

const doc = (i: number) => JSON.stringify({ i, kind: i % 3 === 0 ? "keep" : "drop" });
/** Records produced to `source` so far, per partition, in offset order. */
const produced: string[][] = [[], []];

async function produceSource(from: number, to: number, perBatch: number): Promise<void> {
  for (let start = from; start < to; start += perBatch) {
    for (const partition of [0, 1]) {
      const values = Array.from({ length: Math.min(perBatch, to - start) }, (_, k) => doc(start + k));
      await producer.send({ topic: "source", messages: values.map((value) => ({ value, partition })) });
      produced[partition]!.push(...values);
    }
  }
}

/** What the derived topic must hold: the kept records, offsets from 0, each with its source offset. */
function expectedDerived(): string[] {
  return produced.flatMap((values, partition) => {
    let offset = 0;
    return values.flatMap((value, sourceOffset) => ((JSON.parse(value) as { kind: string }).kind === "keep" ? [`${partition} ${offset++} ${value} ${sourceOffset}`] : []));
  });
}

async function restart(): Promise<void> {
  await disconnect();
  await spu.kill();
  spu = await startSpu({ dataDir });
  await connect();
}

describe("SmartModule chains on topics (standalone spu-worker)", () => {
  it("refuses a chain with bad params or an unknown module with INVALID_CONFIG and says why", async () => {
    const create = (configs: Record<string, string>) => client.admin.createTopics([{ name: "bad", partitions: 1, configs }]);
    await expect(create({ "freshet.smartmodules": chain([{ module: "json-filter", params: { field: "kind" } }]) })).rejects.toMatchObject({
      code: 40,
      message: expect.stringMatching(/invalid 'freshet\.smartmodules' for 'bad': .*value/),
    });
    await expect(create({ "freshet.smartmodules": chain([{ module: "no-such-module", params: {} }]) })).rejects.toMatchObject({
      code: 40,
      message: expect.stringContaining("no-such-module"),
    });
    await expect(create({ "freshet.smartmodules": "{not json" })).rejects.toMatchObject({ code: 40, message: expect.stringContaining("not a SmartModule chain") });
    await expect(create({ "freshet.source": "missing", "freshet.smartmodules": keepFilter })).rejects.toMatchObject({
      code: 40,
      message: expect.stringContaining("source topic 'missing' of 'bad' does not exist"),
    });
    expect((await client.admin.listTopicSummaries()).map((t) => t.name)).not.toContain("bad");
  }, 60_000);

  it("stores only what a produce-time chain keeps, offsets contiguous, timestamps kept; an all-filtered batch stores nothing", async () => {
    await client.admin.createTopics([{ name: "kept", partitions: 1, configs: { "freshet.smartmodules": keepFilter } }]);
    const send = (values: [string, string][]) =>
      producer.send({ topic: "kept", messages: values.map(([name, kind], i) => ({ value: JSON.stringify({ name, kind }), timestamp: String(1_700_000_000_000 + i) })) });
    expect(
      (
        await send([
          ["a", "keep"],
          ["b", "drop"],
          ["c", "keep"],
        ])
      )[0],
    ).toMatchObject({ errorCode: 0, baseOffset: "0" });
    expect((await send([["d", "drop"]]))[0]).toMatchObject({ errorCode: 0, baseOffset: "2" });
    expect(
      (
        await send([
          ["e", "keep"],
          ["f", "keep"],
        ])
      )[0],
    ).toMatchObject({ errorCode: 0, baseOffset: "2" });
    const read = await kcat(["-b", spu.bootstrap, "-C", "-t", "kept", "-o", "beginning", "-e", "-f", "%o %T %s\n"]);
    expect(read.stdout.trim().split("\n")).toEqual([
      `0 1700000000000 {"name":"a","kind":"keep"}`,
      `1 1700000000002 {"name":"c","kind":"keep"}`,
      `2 1700000000000 {"name":"e","kind":"keep"}`,
      `3 1700000000001 {"name":"f","kind":"keep"}`,
    ]);
  }, 60_000);

  it("fills a derived topic that kafkajs and kcat read unchanged, and refuses produces to it", async () => {
    await client.admin.createTopics([{ name: "source", partitions: 2 }]);
    await produceSource(0, 120, 20);
    await client.admin.createTopics([{ name: "derived", configs: { "freshet.source": "source", "freshet.smartmodules": keepFilter } }]);
    const expected = expectedDerived();
    expect(expected).toHaveLength(80);
    await eventually("derived topic caught up", async () => ((await kcatRecords("derived")).length === expected.length ? true : undefined));
    expect(await kcatRecords("derived")).toEqual(expected);

    const consumer = kafka.consumer({ groupId: "derived-readers" });
    await consumer.connect();
    await consumer.subscribe({ topic: "derived", fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen.push(`${partition} ${message.offset} ${message.value!.toString()} ${message.headers!["freshet.source.offset"]!.toString()}`);
      },
    });
    await eventually("kafkajs read the derived topic", () => (seen.length >= expected.length ? true : undefined), 30_000);
    await consumer.disconnect();
    expect(seen.sort((a, b) => expected.indexOf(a) - expected.indexOf(b))).toEqual(expected);

    const admin = kafka.admin();
    await admin.connect();
    const described = await admin.describeConfigs({ resources: [{ type: 2, name: "derived" }], includeSynonyms: false });
    const configs = Object.fromEntries(described.resources[0]!.configEntries.map((c) => [c.configName, c.configValue]));
    expect(configs["freshet.source"]).toBe("source");
    expect(configs["freshet.smartmodules"]).toBe(JSON.stringify(JSON.parse(keepFilter)));
    expect((await admin.fetchTopicMetadata({ topics: ["derived"] })).topics[0]!.partitions).toHaveLength(2);
    await admin.disconnect();

    const plain = kafka.producer({ retry: { retries: 0 } });
    await plain.connect();
    await expect(plain.send({ topic: "derived", messages: [{ value: doc(0) }] })).rejects.toMatchObject({ type: "INVALID_REQUEST" });
    await plain.disconnect();
  }, 120_000);

  it("resumes derivations exactly (plain and aggregate) after the SPU is killed mid-way", async () => {
    await client.admin.createTopics([{ name: "readings", partitions: 1 }]);
    await client.admin.createTopics([{ name: "totals", configs: { "freshet.source": "readings", "freshet.smartmodules": chain([{ module: "running-sum", params: { field: "n" } }]) } }]);
    const sendReadings = async (from: number, to: number) => {
      for (let n = from; n <= to; n += 10) {
        await producer.send({ topic: "readings", messages: Array.from({ length: 10 }, (_, k) => ({ value: JSON.stringify({ n: n + k }) })) });
      }
    };
    await sendReadings(1, 100);
    await produceSource(120, 1200, 40);
    await restart();
    await sendReadings(101, 200);
    await produceSource(1200, 1500, 50);
    const expected = expectedDerived();
    await eventually("derived topic caught up after restart", async () => ((await kcatRecords("derived")).length >= expected.length ? true : undefined), 60_000);
    expect(await kcatRecords("derived")).toEqual(expected);

    const totals = Array.from({ length: 200 }, (_, i) => `0 ${i} ${JSON.stringify({ count: i + 1, sum: ((i + 1) * (i + 2)) / 2 })} ${i}`);
    await eventually("totals caught up", async () => ((await kcatRecords("totals")).length >= totals.length ? true : undefined), 60_000);
    expect(await kcatRecords("totals")).toEqual(totals);

    // The idempotent producer goes on writing to the produce-time chain topic after the restart.
    expect((await producer.send({ topic: "kept", messages: [{ value: JSON.stringify({ name: "g", kind: "keep" }) }] }))[0]).toMatchObject({ errorCode: 0, baseOffset: "4" });
  }, 240_000);
});
