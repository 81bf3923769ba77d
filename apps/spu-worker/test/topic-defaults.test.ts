import { ConfigResourceTypes, Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./support/cluster.js";
import { kcat } from "./support/kcat.js";
import { removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

/** The broker settings DescribeConfigs reports for broker `nodeId`, as name → value. */
async function brokerConfigs(admin: Admin, nodeId: number): Promise<Record<string, string>> {
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: String(nodeId) }] });
  return Object.fromEntries(described.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
}

describe("a standalone broker started with --num-partitions 4", () => {
  let spu: SpuProcess;
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    spu = await startSpu({ args: ["--num-partitions", "4", "--log-level", "warn"] });
    kafka = new Kafka({ clientId: "topic-defaults", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await admin?.disconnect();
    expect(await spu.stop()).toBe(0);
    await removeDataDir(spu.dataDir);
  });

  it("auto-creates a topic a kafkajs producer writes to with 4 partitions", async () => {
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic: "auto-by-kafkajs", messages: [{ value: "first" }] });
    await producer.disconnect();
    const [topic] = (await admin.fetchTopicMetadata({ topics: ["auto-by-kafkajs"] })).topics;
    expect(topic!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3]);
  });

  it("auto-creates a topic kcat produces to with 4 partitions", async () => {
    const produced = await kcat(["-b", spu.bootstrap, "-P", "-t", "auto-by-kcat"], "one\n");
    expect(produced.code).toBe(0);
    const [topic] = (await admin.fetchTopicMetadata({ topics: ["auto-by-kcat"] })).topics;
    expect(topic!.partitions).toHaveLength(4);
  });

  it("creates a topic asked for with -1 partitions with 4, and reports num.partitions in DescribeConfigs", async () => {
    await admin.createTopics({ topics: [{ topic: "default-count", numPartitions: -1 }] });
    const [topic] = (await admin.fetchTopicMetadata({ topics: ["default-count"] })).topics;
    expect(topic!.partitions).toHaveLength(4);
    expect(await brokerConfigs(admin, 0)).toMatchObject({ "num.partitions": "4", "default.replication.factor": "1", "auto.create.topics.enable": "true" });
  });
});

describe("a cluster whose controller runs with --num-partitions 3 --default-replication-factor 2", () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    // The SPUs keep the worker's default (1): the controller's setting is the one that applies.
    cluster = await TestCluster.start({ spus: 2, controllerArgs: ["--num-partitions", "3", "--default-replication-factor", "2"] });
  }, 120_000);

  afterAll(async () => {
    await cluster?.cleanup();
  });

  it("auto-creates topics through any SPU with the controller's partitions and replicas, and every SPU reports them", async () => {
    const producer = cluster.kafka("cluster-auto").producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic: "auto-in-cluster", messages: [{ value: "first" }] });
    await producer.disconnect();
    const [topic] = (await cluster.admin.fetchTopicMetadata({ topics: ["auto-in-cluster"] })).topics;
    expect(topic!.partitions).toHaveLength(3);
    expect(topic!.partitions.map((p) => p.replicas.length)).toEqual([2, 2, 2]);
    for (const id of cluster.spuIds) {
      expect(await brokerConfigs(cluster.admin, id)).toMatchObject({ "num.partitions": "3", "default.replication.factor": "2" });
    }
  });
});
