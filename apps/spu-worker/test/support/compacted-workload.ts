import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { BATCH_HEADER_BYTES, batchSizeAt, readBatchHeader } from "@freshet/protocol/records/batch-header";
import type { Kafka, Producer } from "kafkajs";
import { eventually } from "./spu-process.js";
import { kcat } from "./kcat.js";

/**
 * A compacted topic's workload for the process tests: many updates to a few keys, a
 * tombstone, then records with keys of their own that push every update into closed
 * segments. `expected` is what a reader from the beginning must see once the cleaner
 * has run: the latest value of each key, the tombstone included, in offset order.
 */
export const UPDATED_KEYS = 4;
const UPDATES = 200;
const FRESH_KEYS = 30;
/** Each record goes in a batch of its own, and no batch is smaller than its 61-byte header. */
export const UNCOMPACTED_BYTES_AT_LEAST = (UPDATES + 1 + FRESH_KEYS) * 61;

export interface KeyedValue {
  readonly key: string;
  readonly value: string | null;
}

export async function produceCompactedWorkload(producer: Producer, topic: string, acks: 1 | -1): Promise<KeyedValue[]> {
  const sent: KeyedValue[] = [];
  for (let index = 0; index < UPDATES; index++) sent.push({ key: `k${index % UPDATED_KEYS}`, value: `update-${index}` });
  sent.push({ key: "k0", value: null });
  for (let index = 0; index < FRESH_KEYS; index++) sent.push({ key: `fresh-${index}`, value: `only-${index}` });
  // One send per record: every update is a batch of its own, so segments fill with them.
  for (const record of sent) await producer.send({ topic, acks, messages: [{ key: record.key, value: record.value }] });
  return latestPerKey(sent);
}

function latestPerKey(records: readonly KeyedValue[]): KeyedValue[] {
  const lastIndex = new Map<string, number>();
  records.forEach((record, index) => lastIndex.set(record.key, index));
  return records.filter((record, index) => lastIndex.get(record.key) === index);
}

/** What kcat reads from the beginning to the end of partition 0, tombstones as null. */
export async function kcatView(brokers: string, topic: string): Promise<KeyedValue[]> {
  const result = await kcat(["-b", brokers, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-Z", "-f", "%k\t%S\t%s\n"]);
  if (result.code !== 0) throw new Error(`kcat failed: ${result.stderr}`);
  return result.stdout
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => {
      const [key = "", size = "", value = ""] = line.split("\t");
      // %S is the value size, -1 for a null value (kcat -Z also prints NULL for it).
      return { key, value: size === "-1" ? null : value };
    });
}

/** Polls kcat until it reads `expected` (the cleaner has compacted every closed segment). */
export function waitForCompactedView(brokers: string, topic: string, expected: readonly KeyedValue[], timeoutMs = 60_000): Promise<KeyedValue[]> {
  return eventually(
    `${topic} read from the beginning shows only the latest value per key`,
    async () => {
      const view = await kcatView(brokers, topic).catch(() => undefined);
      return view !== undefined && JSON.stringify(view) === JSON.stringify(expected) ? view : undefined;
    },
    timeoutMs,
  );
}

/** Every record a fresh kafkajs consumer reads from the beginning, up to the partition's end. */
export async function kafkajsView(kafka: Kafka, topic: string, groupId: string): Promise<KeyedValue[]> {
  const admin = kafka.admin();
  await admin.connect();
  const [offsets] = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const end = Number(offsets?.high ?? 0);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const seen: KeyedValue[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let reachedEnd = false;
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ key: message.key?.toString() ?? "", value: message.value === null ? null : message.value.toString() });
        if (Number(message.offset) >= end - 1) reachedEnd = true;
      },
    });
    await eventually("the kafkajs consumer reaches the end of the partition", () => (reachedEnd ? true : undefined), 30_000);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** Bytes of the partition's segment files in a data directory. */
export async function segmentBytes(dataDir: string, topic: string, partition = 0): Promise<number> {
  const dir = join(dataDir, "topics", `${topic}-${partition}`);
  const names = (await readdir(dir)).filter((name) => name.endsWith(".log"));
  const sizes = await Promise.all(names.map(async (name) => (await stat(join(dir, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Batches in the partition's segment files that hold no record (what compaction keeps of a producer's last batch). */
export async function emptyBatches(dataDir: string, topic: string, partition = 0): Promise<number> {
  const dir = join(dataDir, "topics", `${topic}-${partition}`);
  let empty = 0;
  for (const name of (await readdir(dir)).filter((entry) => entry.endsWith(".log"))) {
    const bytes = new Uint8Array(await readFile(join(dir, name)));
    for (let at = 0; at + BATCH_HEADER_BYTES <= bytes.byteLength; at += batchSizeAt(bytes, at)) {
      if (readBatchHeader(bytes, at).recordCount === 0) empty += 1;
    }
  }
  return empty;
}
