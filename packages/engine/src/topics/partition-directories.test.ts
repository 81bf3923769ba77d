import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock, type EngineResources } from "../system/resources.js";
import { FileMetadataStore } from "../metadata/metadata-store.js";
import { defaultTopicConfig } from "./topic-config.js";
import { TopicRegistry } from "./topic-registry.js";

const SELF = { nodeId: 0, host: "127.0.0.1", port: 9092 };
let dataDir = "";

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "freshet-registry-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Opened {
  readonly registry: TopicRegistry;
  readonly lines: { msg: string; level: number }[];
}

async function openRegistry(): Promise<Opened> {
  const lines: { msg: string; level: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { msg: string; level: number });
      done();
    },
  });
  const resources: EngineResources = { logger: pino({ level: "info" }, sink), clock: systemClock };
  const registry = await TopicRegistry.open(dataDir, new FileMetadataStore(join(dataDir, "metadata.json"), resources), resources, SELF);
  return { registry, lines };
}

async function produce(registry: TopicRegistry, topic: string, partition: number, value: string, producerId = -1): Promise<void> {
  const batch = await buildRecordBatch({ records: [{ value: Buffer.from(value), timestamp: 1_000 }], producerId, producerEpoch: producerId < 0 ? -1 : 0, baseSequence: producerId < 0 ? -1 : 0 });
  // The ids these tests use stand for ids the broker issued before its metadata was lost.
  const outcome = await registry.local(topic, partition)!.append(batch, readBatchHeader(batch), undefined, true);
  expect(outcome).toMatchObject({ ok: true });
}

async function valuesOf(registry: TopicRegistry, topic: string, partition: number): Promise<number> {
  const log = registry.local(topic, partition)!.log;
  return log.logEndOffset - log.logStartOffset;
}

/** Two topics with records, as a broker leaves them after a clean stop. */
async function brokerWithData(): Promise<void> {
  const { registry } = await openRegistry();
  expect(await registry.create("audit-log-7", 1, 1, { ...defaultTopicConfig(), "retention.ms": 3_600_000 })).toBeNull();
  expect(await registry.create("orders", 2, 1, defaultTopicConfig())).toBeNull();
  await produce(registry, "orders", 0, "a", 4_321);
  await produce(registry, "orders", 1, "b");
  await produce(registry, "audit-log-7", 0, "c");
  await registry.close();
}

const METADATA = (): string => join(dataDir, "metadata.json");

describe("a standalone broker's metadata and partition directories at start", () => {
  it("rebuilds topics from their partition directories when metadata.json and its previous copy are gone, deleting nothing", async () => {
    await brokerWithData();
    await unlink(METADATA());
    await unlink(`${METADATA()}.previous`);

    const { registry, lines } = await openRegistry();
    expect(
      registry
        .list()
        .map((topic) => [topic.name, topic.partitions.length])
        .sort(),
    ).toEqual([
      ["audit-log-7", 1],
      ["orders", 2],
    ]);
    expect(await valuesOf(registry, "orders", 0)).toBe(1);
    expect(await valuesOf(registry, "orders", 1)).toBe(1);
    expect(await valuesOf(registry, "audit-log-7", 0)).toBe(1);
    expect(registry.describe("orders")?.config).toMatchObject({ "retention.ms": -1, "retention.bytes": -1 });
    expect(lines.map((line) => line.msg)).not.toContain("removing partition directory that no topic owns");
    expect(lines.filter((line) => line.msg.startsWith("rebuilt topic"))).toHaveLength(2);
    // A producer id stored in the logs is never handed out again.
    expect(await registry.allocateProducerId()).toBeGreaterThan(4_321);
    await registry.close();
  });

  it("uses the previous copy when metadata.json is half-written, and keeps the damaged file", async () => {
    await brokerWithData();
    const text = await readFile(METADATA(), "utf8");
    await writeFile(METADATA(), text.slice(0, text.length / 2));

    const { registry, lines } = await openRegistry();
    expect(
      registry
        .list()
        .map((topic) => topic.name)
        .sort(),
    ).toEqual(["audit-log-7", "orders"]);
    // The previous copy is one write older: it has audit-log-7 and its config; orders, created last, is rebuilt.
    expect(registry.describe("audit-log-7")?.config["retention.ms"]).toBe(3_600_000);
    expect(registry.describe("orders")?.partitions).toHaveLength(2);
    expect(await valuesOf(registry, "orders", 0)).toBe(1);
    expect(lines.find((line) => line.msg === "metadata file unusable; using its previous copy")).toBeDefined();
    expect((await readdir(dataDir)).filter((name) => name.startsWith("metadata.json.damaged-"))).toHaveLength(1);
    await registry.close();
  });

  it("rebuilds from the directories when both copies are damaged", async () => {
    await brokerWithData();
    await writeFile(METADATA(), '{"version": 1, "clu');
    await writeFile(`${METADATA()}.previous`, "not json");

    const { registry } = await openRegistry();
    expect(
      registry
        .list()
        .map((topic) => topic.name)
        .sort(),
    ).toEqual(["audit-log-7", "orders"]);
    expect(await valuesOf(registry, "audit-log-7", 0)).toBe(1);
    await registry.close();
  });

  it("still removes an empty partition directory left by a crash during topic creation", async () => {
    await brokerWithData();
    const { registry: first } = await openRegistry();
    await first.close();
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(dataDir, "topics", "half-created-0"));
    await writeFile(join(dataDir, "topics", "half-created-0", "00000000000000000000.log"), "");

    const { registry } = await openRegistry();
    expect(registry.describe("half-created")).toBeUndefined();
    expect(await readdir(join(dataDir, "topics"))).not.toContain("half-created-0");
    await registry.close();
  });

  it("finishes a deleted topic's removal across a restart and never brings it back", async () => {
    await brokerWithData();
    const { registry: first } = await openRegistry();
    expect(await first.delete("orders")).toBeNull();
    await first.close();

    const { registry } = await openRegistry();
    expect(registry.describe("orders")).toBeUndefined();
    expect((await readdir(join(dataDir, "topics"))).sort()).toEqual(["audit-log-7-0"]);
    await registry.close();
  });
});
