import { Kafka, logLevel, type Admin, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kcat } from "./support/kcat.js";
import { clusterForSuite, type TestCluster } from "./support/cluster.js";
import { emptyBatches, kafkajsView, kcatView, produceCompactedWorkload, segmentBytes, UNCOMPACTED_BYTES_AT_LEAST, waitForCompactedView } from "./support/compacted-workload.js";
import { removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

/** Small segments so that the updates spread over many closed segments; a cleaner pass every 200 ms. */
const COMPACTED = [
  { name: "cleanup.policy", value: "compact" },
  { name: "segment.bytes", value: "1024" },
];
const CLEANER_FLAGS = ["--log-cleaner-interval-ms", "200"];

describe("log compaction on a single broker", () => {
  let spu: SpuProcess;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    spu = await startSpu({ args: CLEANER_FLAGS });
    kafka = new Kafka({ clientId: "compaction-test", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 100 } });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    expect(await spu.stop()).toBe(0);
    await removeDataDir(spu.dataDir);
  });

  it("keeps only the latest value of each key, as kafkajs and kcat read it from the beginning", async () => {
    await admin.createTopics({ topics: [{ topic: "changelog", configEntries: COMPACTED }] });
    const expected = await produceCompactedWorkload(producer, "changelog", 1);

    expect(await waitForCompactedView(spu.bootstrap, "changelog", expected)).toEqual(expected);
    // The cleaner ran while the records were written, so compare with what they must at least have taken.
    expect(await segmentBytes(spu.dataDir, "changelog")).toBeLessThan(UNCOMPACTED_BYTES_AT_LEAST / 2);
    expect(await kafkajsView(kafka, "changelog", "fresh-reader")).toEqual(expected);
    // The tombstone is served (delete.retention.ms has not passed) as a null value.
    expect(expected.find((record) => record.key === "k0")).toEqual({ key: "k0", value: null });
    expect(spu.output()).toContain("log cleaner pass");
  });

  it("serves the same compacted log after a restart", async () => {
    const before = await kcatView(spu.bootstrap, "changelog");
    await producer.disconnect();
    await admin.disconnect();
    expect(await spu.stop()).toBe(0);
    spu = await startSpu({ dataDir: spu.dataDir, args: CLEANER_FLAGS });
    kafka = new Kafka({ clientId: "compaction-test", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 100 } });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
    expect(await kcatView(spu.bootstrap, "changelog")).toEqual(before);
  });

  it("serves a log where an idempotent producer's records were all compacted away (its last batch kept as an empty header)", async () => {
    await admin.createTopics({ topics: [{ topic: "idempotent-changelog", configEntries: COMPACTED }] });
    const produced = await kcat(["-b", spu.bootstrap, "-P", "-t", "idempotent-changelog", "-K", ":", "-X", "enable.idempotence=true"], "shared:one\nshared:two\n");
    expect(produced.code).toBe(0);
    const expected = [{ key: "shared", value: "final" }, ...Array.from({ length: 30 }, (_, index) => ({ key: `fresh-${index}`, value: `only-${index}` }))];
    for (const record of expected) await producer.send({ topic: "idempotent-changelog", messages: [record] });

    expect(await waitForCompactedView(spu.bootstrap, "idempotent-changelog", expected)).toEqual(expected);
    expect(await kafkajsView(kafka, "idempotent-changelog", "idempotent-reader")).toEqual(expected);
    expect(await emptyBatches(spu.dataDir, "idempotent-changelog")).toBe(1);
  });

  it("refuses a record without a key on a compacted topic, as Kafka does", async () => {
    await expect(producer.send({ topic: "changelog", messages: [{ value: "no key" }] })).rejects.toThrow(/failed the validation on broker/);
    await producer.send({ topic: "changelog", messages: [{ key: "k1", value: "keyed" }] });
  });
});

describe("log compaction in a 3-SPU cluster", () => {
  let cluster: TestCluster;
  clusterForSuite({ spus: 3, spuArgs: CLEANER_FLAGS }, (started) => (cluster = started));

  it("a follower replicates a compacted leader's log, and a new leader serves the same compacted view", async () => {
    const topic = "replicated-changelog";
    await cluster.admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3, configEntries: COMPACTED }] });
    const initial = await cluster.waitForPartition(topic, 0, "all replicas in sync", (state) => state.leader >= 0 && state.isr.length === 3);
    const leader = initial.leader;
    const [lagging, other] = initial.replicas.filter((id) => id !== leader) as [number, number];
    // The lagging follower is down while everything is written and compacted: it must then copy the leader's gaps.
    await cluster.kill(lagging);
    const producer = cluster.kafka("compaction-producer").producer();
    await producer.connect();
    const expected = await produceCompactedWorkload(producer, topic, 1);
    await producer.disconnect();
    await waitForCompactedView(cluster.addressOf(leader), topic, expected);

    await cluster.restart(lagging);
    await cluster.waitForPartition(topic, 0, "the lagging follower back in the ISR", (state) => state.isr.includes(lagging), 60_000);
    // Copied after the leader compacted: far smaller than the records as they were written.
    expect(await segmentBytes(cluster.dataDirOf(lagging), topic)).toBeLessThan(UNCOMPACTED_BYTES_AT_LEAST / 2);

    await cluster.kill(other);
    await cluster.kill(leader);
    await cluster.waitForPartition(topic, 0, "the lagging follower leads", (state) => state.leader === lagging, 60_000);
    expect(await waitForCompactedView(cluster.addressOf(lagging), topic, expected)).toEqual(expected);
    expect(await kafkajsView(cluster.kafka("compaction-reader", { brokers: [cluster.addressOf(lagging)] }), topic, "fresh-cluster-reader")).toEqual(expected);
  }, 180_000);
});
