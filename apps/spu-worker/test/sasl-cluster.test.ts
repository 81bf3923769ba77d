/*
 * A cluster with SASL on: one SC and two SPUs sharing a credentials file with an
 * internal user. Followers log in to leaders as that user to replicate; the
 * controller port takes the cluster's controller secret instead (see clusterParts in engine broker.ts).
 */
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { describeReplicasOf } from "@freshet/client/admin/replicas";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCredentials } from "./support/sasl-credentials.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let sc: SpuProcess;
let spus: SpuProcess[];
let credentialsDir: string;
let client: FreshetClient;

beforeAll(async () => {
  credentialsDir = await makeDataDir();
  const file = await writeCredentials(credentialsDir, { alice: "alice-secret" }, { internal: true });
  const secret = join(credentialsDir, "controller.secret");
  sc = await startSpu({ args: ["--role", "sc", "--controller-secret", secret, "--spu-timeout-ms", "2000"] });
  spus = await Promise.all([1, 2].map((id) => startSpu({ args: ["--role", "spu", "--sc", sc.bootstrap, "--controller-secret", secret, "--node-id", String(id), "--sasl-credentials", file] })));
  client = createClient({ bootstrap: spus[0]!.bootstrap, sasl: { mechanism: "scram-sha-256", username: "alice", password: "alice-secret" } });
}, 60_000);

afterAll(async () => {
  await client.close();
  for (const p of [...spus, sc]) expect(await p.stop()).toBe(0);
  for (const dir of [...spus, sc].map((p) => p.dataDir).concat(credentialsDir)) await removeDataDir(dir);
});

describe("SC + 2 SPUs with SASL", () => {
  it("replicates between SPUs that log in to each other as the internal user", async () => {
    await eventually("both SPUs in Metadata", async () => {
      await client.cluster.refreshMetadata([]);
      return client.cluster.info.brokers.length === 2 ? true : undefined;
    });
    await client.admin.createTopics([{ name: "replicated", partitions: 2, replicationFactor: 2 }]);
    const kafka = new Kafka({
      brokers: [spus[1]!.bootstrap],
      sasl: { mechanism: "scram-sha-256", username: "alice", password: "alice-secret" },
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    // acks=-1 is answered only once both replicas of the partition hold the batch.
    await producer.send({ topic: "replicated", acks: -1, messages: [0, 1, 2, 3].map((i) => ({ value: `m${i}`, partition: i % 2 })) });
    await producer.disconnect();
    for (const nodeId of [1, 2]) {
      const replicas = await eventually(`SPU ${nodeId} caught up`, async () => {
        const held = await describeReplicasOf(client.cluster, nodeId, ["replicated"]);
        return held?.every((r) => r.logEndOffset === 2 && r.highWatermark === 2) && held.length === 2 ? held : undefined;
      });
      expect(replicas.map((r) => r.role).sort()).toEqual(["follower", "leader"]);
    }
    for (const spu of spus) expect(spu.output()).not.toContain("before SASL authentication");
  });

  it("refuses clients without a login on every SPU", async () => {
    for (const spu of spus) {
      const admin = new Kafka({ brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
      await admin.connect();
      await expect(admin.listTopics()).rejects.toThrow("Closed connection");
      await admin.disconnect();
    }
  });
});
