import type { FreshetClient } from "@freshet/client/client";
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterForSuite, type TestCluster } from "./support/cluster.js";
import { connectClients, disconnectClients } from "./support/broker-clients.js";
import { removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

/** A topic's configs as kafkajs reads them: name → [value, isDefault]. */
async function configsOf(admin: Admin, topic: string): Promise<Map<string, [string, boolean]>> {
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
  return new Map(described.resources[0]!.configEntries.map((entry) => [entry.configName, [entry.configValue, entry.isDefault]]));
}

describe("topic configs on a single broker", () => {
  let spu: SpuProcess;
  let kafka: Kafka;
  let admin: Admin;
  let client: FreshetClient;

  beforeAll(async () => {
    spu = await startSpu();
    ({ kafka, admin, client } = await connectClients(spu, "configs-test"));
  });

  afterAll(async () => {
    await disconnectClients({ kafka, admin, client });
    expect(await spu.stop()).toBe(0);
    await removeDataDir(spu.dataDir);
  });

  it("accepts Kafka's standard compaction configs at creation, as Kafka Connect's internal topics set them", async () => {
    const configEntries = [
      { name: "cleanup.policy", value: "compact" },
      { name: "delete.retention.ms", value: "3600000" },
      { name: "min.compaction.lag.ms", value: "1000" },
      { name: "max.compaction.lag.ms", value: "9223372036854775807" },
      { name: "min.cleanable.dirty.ratio", value: "0.1" },
    ];
    expect(await admin.createTopics({ topics: [{ topic: "connect-offsets", numPartitions: 2, configEntries }] })).toBe(true);
    const configs = await configsOf(admin, "connect-offsets");
    expect(configs.get("cleanup.policy")).toEqual(["compact", false]);
    expect(configs.get("min.cleanable.dirty.ratio")).toEqual(["0.1", false]);
    expect(configs.get("delete.retention.ms")).toEqual(["3600000", false]);
    await expect(client.admin.createTopics([{ name: "bad-policy", configs: { "cleanup.policy": "shred" } }])).rejects.toThrow(/'shred' is not a cleanup policy/);
  });

  it("AlterConfigs replaces a topic's configs, returning the keys it does not name to their defaults", async () => {
    await admin.createTopics({
      topics: [
        {
          topic: "alter-all",
          configEntries: [
            { name: "segment.bytes", value: "1048576" },
            { name: "freshet.durability", value: "interval" },
          ],
        },
      ],
    });
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: "alter-all", configEntries: [{ name: "retention.ms", value: "3600000" }] }] });
    const configs = await configsOf(admin, "alter-all");
    expect(configs.get("retention.ms")).toEqual(["3600000", false]);
    expect(configs.get("segment.bytes")).toEqual([String(128 * 1024 * 1024), true]);
    // Durability is a property the topic was created with, not a dynamic config.
    expect(configs.get("freshet.durability")).toEqual(["interval", false]);
  });

  it("validate_only checks a change without making it", async () => {
    await admin.createTopics({ topics: [{ topic: "alter-check" }] });
    await admin.alterConfigs({ validateOnly: true, resources: [{ type: ConfigResourceTypes.TOPIC, name: "alter-check", configEntries: [{ name: "retention.ms", value: "1000" }] }] });
    expect((await configsOf(admin, "alter-check")).get("retention.ms")).toEqual([String(7 * 24 * 3600 * 1000), true]);
  });

  it("IncrementalAlterConfigs sets and resets single keys and keeps the others", async () => {
    await client.admin.createTopics([{ name: "alter-some", configs: { "retention.ms": "60000", "max.message.bytes": "2000000" } }]);
    await client.admin.alterTopicConfigs("alter-some", { set: { "cleanup.policy": "compact,delete" }, reset: ["retention.ms"] });
    const configs = await configsOf(admin, "alter-some");
    expect(configs.get("cleanup.policy")).toEqual(["compact,delete", false]);
    expect(configs.get("retention.ms")).toEqual([String(7 * 24 * 3600 * 1000), true]);
    expect(configs.get("max.message.bytes")).toEqual(["2000000", false]);
  });

  it("refuses unknown keys, bad values and changes to creation-time keys with a sentence naming the key", async () => {
    await admin.createTopics({ topics: [{ topic: "alter-bad" }] });
    await expect(client.admin.alterTopicConfigs("alter-bad", { set: { "retention.weeks": "2" } })).rejects.toThrow(/unknown topic config 'retention.weeks'/);
    await expect(client.admin.alterTopicConfigs("alter-bad", { set: { "retention.ms": "soon" } })).rejects.toThrow(/'retention.ms' must be an integer/);
    await expect(client.admin.alterTopicConfigs("alter-bad", { set: { "freshet.durability": "none" } })).rejects.toThrow(/'freshet.durability' is set when the topic is created/);
    await expect(client.admin.alterTopicConfigs("no-such-topic", { set: { "retention.ms": "1" } })).rejects.toThrow(/does not exist/);
    expect((await configsOf(admin, "alter-bad")).get("retention.ms")?.[1]).toBe(true);
  });

  it("keeps altered configs across a restart", async () => {
    await admin.createTopics({ topics: [{ topic: "alter-kept" }] });
    await client.admin.alterTopicConfigs("alter-kept", { set: { "retention.bytes": "5000000" } });
    await disconnectClients({ kafka, admin, client });
    expect(await spu.stop()).toBe(0);
    spu = await startSpu({ dataDir: spu.dataDir });
    ({ kafka, admin, client } = await connectClients(spu, "configs-test"));
    expect((await configsOf(admin, "alter-kept")).get("retention.bytes")).toEqual(["5000000", false]);
  });

  it("accepts a replica assignment that places every replica on this broker, and refuses any other", async () => {
    expect(
      await admin.createTopics({
        topics: [
          {
            topic: "placed-here",
            replicaAssignment: [
              { partition: 0, replicas: [0] },
              { partition: 1, replicas: [0] },
            ],
          },
        ],
      }),
    ).toBe(true);
    expect((await admin.fetchTopicMetadata({ topics: ["placed-here"] })).topics[0]!.partitions).toHaveLength(2);
    await expect(
      client.admin
        .createTopics([{ name: "placed-elsewhere", partitions: 1 }])
        .then(() => admin.createTopics({ topics: [{ topic: "placed-away", replicaAssignment: [{ partition: 0, replicas: [3] }] }] })),
    ).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: "INVALID_REPLICA_ASSIGNMENT" })],
    });
  });

  it("describes the broker's own configs, read-only", async () => {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: "0" }] });
    const entries = new Map(described.resources[0]!.configEntries.map((entry) => [entry.configName, entry]));
    expect(entries.get("broker.id")?.configValue).toBe("0");
    expect(entries.get("num.partitions")?.configValue).toBe("1");
    expect(entries.get("auto.create.topics.enable")?.readOnly).toBe(true);
    await expect(
      admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: "0", configEntries: [{ name: "num.partitions", value: "3" }] }] }),
    ).rejects.toMatchObject({ type: "INVALID_CONFIG" });
  });
});

describe("topic configs in a cluster", () => {
  let cluster: TestCluster;
  clusterForSuite({ spus: 3 }, (started) => (cluster = started));

  it("an alteration sent to one SPU reaches every SPU through the controller", async () => {
    await cluster.admin.createTopics({ topics: [{ topic: "cluster-alter", numPartitions: 3, replicationFactor: 3 }] });
    await cluster.admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: "cluster-alter",
          configEntries: [
            { name: "retention.ms", value: "120000" },
            { name: "cleanup.policy", value: "compact" },
          ],
        },
      ],
    });
    for (const broker of cluster.brokers) {
      const admin = new Kafka({ clientId: "per-spu", brokers: [broker], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const configs = await configsOf(admin, "cluster-alter");
      await admin.disconnect();
      expect([broker, configs.get("retention.ms"), configs.get("cleanup.policy")]).toEqual([broker, ["120000", false], ["compact", false]]);
    }
  });

  it("creates a topic with the replicas where the client placed them, and refuses a placement on SPUs that do not exist", async () => {
    const replicaAssignment = [
      { partition: 0, replicas: [2, 0] },
      { partition: 1, replicas: [0, 1] },
    ];
    expect(await cluster.admin.createTopics({ topics: [{ topic: "placed", replicaAssignment }] })).toBe(true);
    const placed = await cluster.waitForPartition("placed", 0, "leader 2", (state) => state.leader === 2);
    expect(placed.replicas).toEqual([2, 0]);
    expect((await cluster.partition("placed", 1)).replicas).toEqual([0, 1]);
    await expect(cluster.admin.createTopics({ topics: [{ topic: "misplaced", replicaAssignment: [{ partition: 0, replicas: [0, 7] }] }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: "INVALID_REPLICA_ASSIGNMENT" })],
    });
  });
});
