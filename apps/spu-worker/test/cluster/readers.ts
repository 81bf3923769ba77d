import { spawn } from "node:child_process";
import type { Admin, Kafka } from "kafkajs";
import { kcat } from "../support/kcat.js";
import { eventually } from "../support/spu-process.js";
import type { HistoryRecord } from "./checker.js";

/** kcat prints one record per line as "<partition> <offset> <value>". */
const KCAT_FORMAT = "%p %o %s\\n";

function parseKcatLine(line: string): HistoryRecord {
  const [partition, offset, ...value] = line.split(" ");
  return { partition: Number(partition), offset: Number(offset), value: value.join(" ") };
}

/** End offsets (high watermarks) per partition: what a full read must reach. */
async function highWatermarks(admin: Admin, topic: string): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((p) => [p.partition, Number(p.high)]));
}

/** True once `records` hold, for every partition, the record just below its high watermark. */
function reachedEnd(records: readonly HistoryRecord[], ends: ReadonlyMap<number, number>): boolean {
  const last = new Map<number, number>();
  for (const r of records) last.set(r.partition, Math.max(last.get(r.partition) ?? -1, r.offset));
  return [...ends].every(([partition, end]) => (last.get(partition) ?? -1) >= end - 1);
}

/**
 * Reads the topic from offset 0 to its current end with a kafkajs consumer
 * group of its own. Stops at the high watermarks, not at a count of acked
 * sends, so a lost record shows up in the checker instead of as a timeout.
 */
export async function readAllWithKafkajs(kafka: Kafka, admin: Admin, topic: string, timeoutMs = 60_000): Promise<HistoryRecord[]> {
  const ends = await highWatermarks(admin, topic);
  const consumer = kafka.consumer({ groupId: `read-all-${topic}-${Date.now()}`, maxWaitTimeInMs: 200 });
  const records: HistoryRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => void records.push({ partition, offset: Number(message.offset), value: message.value?.toString() ?? "" }),
    });
    await eventually(`kafkajs to read ${topic} up to ${JSON.stringify([...ends])}`, () => (reachedEnd(records, ends) ? true : undefined), timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Reads the topic from offset 0 to its end with kcat (librdkafka, no consumer group). */
export async function readAllWithKcat(brokers: readonly string[], topic: string, timeoutMs = 60_000): Promise<HistoryRecord[]> {
  const result = await kcat(["-b", brokers.join(","), "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", KCAT_FORMAT], undefined, timeoutMs);
  if (result.code !== 0) throw new Error(`kcat exited with ${result.code}: ${result.stderr}`);
  return result.stdout
    .split("\n")
    .filter((line) => line.length > 0)
    .map(parseKcatLine);
}

/** A consumer that keeps running across faults; `records` grows as it reads. */
export interface FollowingConsumer {
  readonly records: readonly HistoryRecord[];
  /** Resolves once it has read every value in `values`. */
  readAll(values: readonly string[], what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function following(records: HistoryRecord[], stop: () => Promise<void>, describe: () => string): FollowingConsumer {
  return {
    records,
    async readAll(values, what, timeoutMs = 30_000) {
      const seen = (): Set<string> => new Set(records.map((r) => r.value));
      await eventually(what, () => (values.every((v) => seen().has(v)) ? true : undefined), timeoutMs).catch((timeout: Error) => {
        const missing = values.filter((v) => !seen().has(v));
        throw new Error(`${timeout.message}: ${missing.length} missing (first ${missing.slice(0, 5).join(", ")}); ${describe()}`);
      });
    },
    stop,
  };
}

/** kcat -C -u from the beginning, left running: librdkafka must find each new leader by itself. */
export function followWithKcat(brokers: readonly string[], topic: string): FollowingConsumer {
  const child = spawn("kcat", ["-b", brokers.join(","), "-C", "-u", "-t", topic, "-o", "beginning", "-f", KCAT_FORMAT], { stdio: ["ignore", "pipe", "pipe"] });
  const records: HistoryRecord[] = [];
  let partial = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.length > 0) records.push(parseKcatLine(line));
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return following(
    records,
    async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
    () => `kcat ${child.exitCode === null ? "running" : `exited ${child.exitCode}`}, stderr: ${stderr.trim()}`,
  );
}

/** A one-member kafkajs consumer group, left running: it must follow leaders and a moving coordinator. */
export async function followWithKafkajs(kafka: Kafka, topic: string, groupId: string): Promise<FollowingConsumer> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, heartbeatInterval: 300, sessionTimeout: 6000 });
  const records: HistoryRecord[] = [];
  let crash = "";
  consumer.on(consumer.events.CRASH, (event) => (crash = String(event.payload.error)));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommitInterval: 200,
    eachMessage: async ({ partition, message }) => void records.push({ partition, offset: Number(message.offset), value: message.value?.toString() ?? "" }),
  });
  return following(
    records,
    () => consumer.disconnect(),
    () => `kafkajs consumer ${crash === "" ? "running" : `crashed: ${crash}`}`,
  );
}
