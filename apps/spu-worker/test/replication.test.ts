import { spawn } from "node:child_process";
import { readdir, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import { Kafka, logLevel, type Admin, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offsetsPartitionFor } from "@freshet/engine/replication/replicated-offsets";
import { anomalies } from "./support/history-checker.js";
import { LocalCluster } from "./support/local-cluster.js";
import { eventually } from "./support/spu-process.js";

const CYCLES = Number(process.env.FRESHET_FAULT_CYCLES ?? 5);

let cluster: LocalCluster;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  cluster = await LocalCluster.start(3);
  kafka = new Kafka({ clientId: "replication-test", brokers: cluster.bootstrap, logLevel: logLevel.NOTHING, retry: { retries: 40, initialRetryTime: 100, maxRetryTime: 1000 } });
  admin = kafka.admin();
  await admin.connect();
}, 60_000);

afterAll(async () => {
  await admin.disconnect();
  await cluster.stop();
});

async function leaderOf(topic: string): Promise<number> {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  return metadata.topics[0]!.partitions[0]!.leader;
}

async function createReplicated(topic: string): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3, configEntries: [{ name: "min.insync.replicas", value: "2" }] }] });
}

/** Sends "v0", "v1", ... with acks=all until stopped, recording each acknowledged value with its offset. */
function sequentialProducer(producer: Producer, topic: string) {
  const acked: { value: string; offset: number }[] = [];
  let running = true;
  let next = 0;
  const done = (async () => {
    while (running) {
      const value = `v${next++}`;
      try {
        const [result] = await producer.send({ topic, acks: -1, messages: [{ value }] });
        acked.push({ value, offset: Number(result!.baseOffset) });
      } catch {
        // Not acknowledged: the checker only holds the cluster to what it acknowledged.
      }
    }
  })();
  return { acked, stop: async () => ((running = false), await done) };
}

async function readEverything(topic: string, count: number): Promise<{ value: string; offset: number }[]> {
  const consumer = kafka.consumer({ groupId: `check-${topic}-${Date.now()}`, maxWaitTimeInMs: 100 });
  const read: { value: string; offset: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void read.push({ value: message.value!.toString(), offset: Number(message.offset) }) });
  await eventually(`${count} records of ${topic}`, () => (read.length >= count ? true : undefined), 30_000);
  await consumer.disconnect();
  return read;
}

describe.sequential("a 3-SPU cluster under faults", () => {
  it(`loses, duplicates and reorders no acknowledged write across ${CYCLES} SIGKILLs of the leader`, async () => {
    const topic = "leader-kills";
    await createReplicated(topic);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const run = sequentialProducer(producer, topic);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const before = run.acked.length;
      await eventually("progress before the kill", () => (run.acked.length >= before + 50 ? true : undefined), 30_000);
      const leader = await leaderOf(topic);
      await cluster.kill(`spu-${leader}`);
      await eventually("a new leader", async () => {
        const now = await leaderOf(topic).catch(() => -1);
        return now >= 0 && now !== leader ? true : undefined;
      }, 20_000);
      await cluster.startSpu(leader);
    }
    const before = run.acked.length;
    await eventually("progress after the last kill", () => (run.acked.length >= before + 50 ? true : undefined), 30_000);
    await run.stop();
    await producer.disconnect();
    const read = await readEverything(topic, run.acked.length);
    console.log(`leader kills: ${CYCLES} cycles, ${run.acked.length} acknowledged, ${read.length} read`);
    expect(anomalies(run.acked, read)).toEqual({ lost: 0, moved: 0, duplicated: 0, reordered: 0 });
  }, 240_000);

  it("keeps serving produce and fetch while the controller is down, and elects again once it is back", async () => {
    const topic = "controller-down";
    await createReplicated(topic);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await cluster.kill("sc");
    for (let i = 0; i < 30; i++) await producer.send({ topic, acks: -1, messages: [{ value: `v${i}` }] });
    const whileDown = await readEverything(topic, 30);
    expect(whileDown.map((r) => r.value)).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
    await cluster.startController();
    const leader = await leaderOf(topic);
    await cluster.kill(`spu-${leader}`);
    await eventually("a new leader after the controller restart", async () => {
      const now = await leaderOf(topic).catch(() => -1);
      return now >= 0 && now !== leader ? true : undefined;
    }, 20_000);
    await producer.send({ topic, acks: -1, messages: [{ value: "v30" }] });
    await producer.disconnect();
    await cluster.startSpu(leader);
    const read = await readEverything(topic, 31);
    expect(read.map((r) => r.value)).toEqual(Array.from({ length: 31 }, (_, i) => `v${i}`));
  }, 120_000);

  it("recovers a follower whose log tail was torn, catches it up, and serves everything from it as leader", async () => {
    const topic = "torn-follower";
    await createReplicated(topic);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 40; i++) await producer.send({ topic, acks: -1, messages: [{ value: `v${i}` }] });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const leader = metadata.topics[0]!.partitions[0]!.leader;
    const follower = metadata.topics[0]!.partitions[0]!.replicas.find((id) => id !== leader)!;
    await cluster.kill(`spu-${follower}`);
    const dir = join(cluster.root, `spu-${follower}`, "topics", `${topic}-0`);
    const segment = join(dir, (await readdir(dir)).find((f) => f.endsWith(".log"))!);
    await truncate(segment, (await stat(segment)).size - 25);
    for (let i = 40; i < 60; i++) await producer.send({ topic, acks: -1, messages: [{ value: `v${i}` }] });
    await producer.disconnect();
    await cluster.startSpu(follower);
    await eventually("the follower back in the ISR", async () => {
      const isr = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions[0]!.isr;
      return isr.includes(follower) ? true : undefined;
    }, 30_000);
    const others = [0, 1, 2].filter((id) => id !== follower);
    for (const id of others) await cluster.kill(`spu-${id}`);
    await eventually("the repaired follower to lead", async () => ((await leaderOf(topic).catch(() => -1)) === follower ? true : undefined), 20_000);
    const read = await readEverything(topic, 60);
    expect(read.map((r) => r.value)).toEqual(Array.from({ length: 60 }, (_, i) => `v${i}`));
    for (const id of others) await cluster.startSpu(id);
  }, 120_000);

  it("moves a group's coordinator when its SPU dies, keeping committed offsets", async () => {
    const topic = "coordinated";
    const groupId = "movers";
    await createReplicated(topic);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ value: `a${i}` })) });
    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, heartbeatInterval: 300, sessionTimeout: 6000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommitInterval: 200, eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await eventually("the first ten", () => (seen.length >= 10 ? true : undefined), 30_000);
    const committedAt = async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions[0]!.offset;
    await eventually("the commit of the first ten", async () => ((await committedAt()) === "10" ? true : undefined), 30_000);
    const offsetsTopic = (await admin.fetchTopicMetadata({ topics: ["__consumer_offsets"] })).topics[0]!;
    const coordinator = offsetsTopic.partitions.find((p) => p.partitionId === offsetsPartitionFor(groupId))!.leader;
    await cluster.kill(`spu-${coordinator}`);
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ value: `b${i}` })) });
    await eventually("the next ten through the new coordinator", () => (seen.length >= 20 ? true : undefined), 45_000);
    // Auto-commit reaches the new coordinator; the offsets it stores are what the group resumes from.
    await eventually("the commit of all twenty", async () => ((await committedAt()) === "20" ? true : undefined), 30_000);
    await consumer.disconnect();
    await producer.disconnect();
    // The new coordinator had the first commit: nothing was consumed twice.
    expect(seen).toEqual([...Array.from({ length: 10 }, (_, i) => `a${i}`), ...Array.from({ length: 10 }, (_, i) => `b${i}`)]);
    await cluster.startSpu(coordinator);
  }, 120_000);

  it("refuses acks=all below min.insync.replicas, and catches up an SPU replaced by an empty one", async () => {
    const topic = "strict";
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3, configEntries: [{ name: "min.insync.replicas", value: "3" }] }] });
    const strict = new Kafka({ clientId: "strict", brokers: cluster.bootstrap, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const producer = strict.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: "v0" }] });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const leader = metadata.topics[0]!.partitions[0]!.leader;
    const follower = metadata.topics[0]!.partitions[0]!.replicas.find((id) => id !== leader)!;
    await cluster.kill(`spu-${follower}`);
    await eventually("the ISR without the dead follower", async () => {
      const isr = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions[0]!.isr;
      return isr.includes(follower) ? undefined : true;
    }, 20_000);
    await expect(producer.send({ topic, acks: -1, messages: [{ value: "refused" }] })).rejects.toThrow(/fewer in-sync replicas/);
    // acks=1 does not need the ISR and is accepted.
    await producer.send({ topic, acks: 1, messages: [{ value: "v1" }] });
    await producer.disconnect();
    await cluster.replaceEmpty(follower);
    await eventually("the empty replacement caught up and back in the ISR", async () => {
      const isr = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions[0]!.isr;
      return isr.length === 3 ? true : undefined;
    }, 30_000);
    const read = await readEverything(topic, 2);
    expect(read.map((r) => r.value)).toEqual(["v0", "v1"]);
  }, 120_000);

  it("fences a leader that comes back with a wiped disk before it was declared dead, losing nothing", async () => {
    const topic = "wiped-leader";
    await createReplicated(topic);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 40; i++) await producer.send({ topic, acks: -1, messages: [{ value: `v${i}` }] });
    const leader = await leaderOf(topic);
    // Killed, wiped and restarted well inside the controller's 2 s liveness timeout.
    await cluster.replaceEmpty(leader);
    await eventually("leadership moved off the restarted SPU", async () => ((await leaderOf(topic).catch(() => leader)) !== leader ? true : undefined), 20_000);
    await producer.send({ topic, acks: -1, messages: [{ value: "v40" }] });
    await producer.disconnect();
    await eventually("the wiped SPU caught up and back in the ISR", async () => {
      const isr = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions[0]!.isr;
      return isr.includes(leader) ? true : undefined;
    }, 30_000);
    const read = await readEverything(topic, 41);
    expect(read.map((r) => r.value)).toEqual(Array.from({ length: 41 }, (_, i) => `v${i}`));
  }, 120_000);

  it("lets a running kcat consumer follow a leadership change", async () => {
    const topic = "kcat-follows";
    await createReplicated(topic);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: "before" }] });
    const kcat = spawn("kcat", ["-b", cluster.bootstrap.join(","), "-u", "-C", "-t", topic, "-o", "beginning", "-f", "%s\n"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    kcat.stdout.on("data", (c: Buffer) => (out += c.toString()));
    await eventually("kcat to read the first record", () => (out.includes("before") ? true : undefined), 20_000);
    const leader = await leaderOf(topic);
    await cluster.kill(`spu-${leader}`);
    await producer.send({ topic, acks: -1, messages: [{ value: "after" }] });
    await eventually("kcat to read across the fail-over", () => (out.includes("after") ? true : undefined), 30_000);
    kcat.kill("SIGTERM");
    await producer.disconnect();
    await cluster.startSpu(leader);
  }, 90_000);

  it("places replicas of new partitions on an SPU added to the cluster", async () => {
    await cluster.startSpu(3);
    await eventually("four brokers in Metadata", async () => ((await admin.describeCluster()).brokers.length === 4 ? true : undefined), 20_000);
    await admin.createTopics({ topics: [{ topic: "spread", numPartitions: 4, replicationFactor: 3 }] });
    const partitions = (await admin.fetchTopicMetadata({ topics: ["spread"] })).topics[0]!.partitions;
    expect(partitions.filter((p) => p.replicas.includes(3)).length).toBe(3);
    expect(partitions.filter((p) => p.leader === 3).length).toBe(1);
  }, 60_000);
});
