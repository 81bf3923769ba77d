/*
 * ACLs in a cluster with SASL (SC + 2 SPUs): a super user binds a tenant user to "consume
 * orders* as a billing-* group" through one SPU; the controller stores the bindings and the
 * other SPU enforces them too. Everything the bindings leave out is refused with Kafka's
 * errors, which kcat (librdkafka) and kafkajs report; a user without bindings keeps
 * full access.
 */
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ConfigResourceTypes, Kafka, logLevel, ResourcePatternTypes, type KafkaConfig } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kcat } from "./support/kcat.js";
import { writeCredentials } from "./support/sasl-credentials.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const USERS = { root: "root-secret", reader: "reader-secret", alice: "alice-secret" } as const;
type User = keyof typeof USERS;

let sc: SpuProcess;
let spus: SpuProcess[];
let credentialsDir: string;
let root: FreshetClient;

function kcatAs(user: User, spu: SpuProcess): string[] {
  return ["-b", spu.bootstrap, "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=SCRAM-SHA-256", "-X", `sasl.username=${user}`, "-X", `sasl.password=${USERS[user]}`];
}

function kafkajsAs(user: User, spu: SpuProcess): Kafka {
  const config: KafkaConfig = {
    brokers: [spu.bootstrap],
    clientId: `acl-${user}`,
    sasl: { mechanism: "scram-sha-256", username: user, password: USERS[user] },
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  };
  return new Kafka(config);
}

beforeAll(async () => {
  credentialsDir = await makeDataDir();
  const file = await writeCredentials(credentialsDir, USERS, { internal: true });
  const secret = join(credentialsDir, "controller.secret");
  sc = await startSpu({ args: ["--role", "sc", "--controller-secret", secret, "--spu-timeout-ms", "2000"] });
  spus = await Promise.all(
    [1, 2].map((id) => startSpu({ args: ["--role", "spu", "--sc", sc.bootstrap, "--controller-secret", secret, "--node-id", String(id), "--sasl-credentials", file, "--super-users", "root"] })),
  );
  root = createClient({ bootstrap: spus[0]!.bootstrap, sasl: { mechanism: "scram-sha-256", username: "root", password: USERS.root } });
  await eventually("both SPUs in Metadata", async () => {
    await root.cluster.refreshMetadata([]);
    return root.cluster.info.brokers.length === 2 ? true : undefined;
  });
  await root.admin.createTopics([{ name: "orders", partitions: 1, replicationFactor: 2 }]);
}, 60_000);

afterAll(async () => {
  await root.close();
  for (const p of [...spus, sc]) expect(await p.stop()).toBe(0);
  for (const dir of [...spus, sc].map((p) => p.dataDir).concat(credentialsDir)) await removeDataDir(dir);
});

describe("ACLs on a cluster with SASL", () => {
  it("are changed only by super users", async () => {
    const tenant = createClient({ bootstrap: spus[1]!.bootstrap, sasl: { mechanism: "scram-sha-256", username: "alice", password: USERS.alice } });
    try {
      await expect(tenant.admin.describeAcls()).rejects.toThrow(/super users/);
    } finally {
      await tenant.close();
    }
  });

  it("are managed by kafkajs's admin too (CreateAcls, DescribeAcls, DeleteAcls v0-1)", async () => {
    const admin = kafkajsAs("root", spus[1]!).admin();
    await admin.connect();
    try {
      const acl = {
        resourceType: AclResourceTypes.TOPIC,
        resourceName: "audit-",
        resourcePatternType: ResourcePatternTypes.PREFIXED,
        principal: "User:alice",
        host: "*",
        operation: AclOperationTypes.DESCRIBE,
        permissionType: AclPermissionTypes.ALLOW,
      };
      expect(await admin.createAcls({ acl: [acl] })).toBe(true);
      const filter = { resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY };
      const described = await admin.describeAcls({ ...filter, principal: "User:alice" });
      expect(described.resources).toEqual([
        {
          resourceType: acl.resourceType,
          resourceName: "audit-",
          resourcePatternType: acl.resourcePatternType,
          acls: [{ principal: "User:alice", host: "*", operation: acl.operation, permissionType: acl.permissionType }],
        },
      ]);
      const deleted = await admin.deleteAcls({ filters: [{ ...filter, principal: "User:alice" }] });
      expect(deleted.filterResponses[0]?.matchingAcls).toHaveLength(1);
      expect((await admin.describeAcls({ ...filter, principal: "User:alice" })).resources).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });

  it("refuse what a user's bindings leave out, on every SPU, while a user without bindings keeps full access", async () => {
    const consumeOrders = { resourceType: "topic", resourceName: "orders", patternType: "prefixed", principal: "User:reader", host: "*", operation: "read", permission: "allow" } as const;
    const asBillingGroup = { ...consumeOrders, resourceType: "group", resourceName: "billing-" } as const;
    await root.admin.createAcls([consumeOrders, asBillingGroup]);
    // Any SPU may answer; each holds the bindings once the controller's state reaches it.
    await eventually("both bindings described", async () => ((await root.admin.describeAcls({ principal: "User:reader" })).length === 2 ? true : undefined));

    // The SPU that did not take the request enforces the bindings once the controller's state reaches it.
    const refused = await eventually("SPU 2 refuses reader's produce", async () => {
      const result = await kcat([...kcatAs("reader", spus[1]!), "-P", "-t", "orders"], "denied\n");
      return result.code !== 0 ? result : undefined;
    });
    expect(refused.stderr).toContain("Broker: Topic authorization failed");

    const allowed = await kcat([...kcatAs("alice", spus[1]!), "-P", "-t", "orders"], "from-alice\n");
    expect(allowed.code, allowed.stderr).toBe(0);

    const producer = kafkajsAs("reader", spus[0]!).producer();
    await producer.connect();
    try {
      await expect(producer.send({ topic: "orders", messages: [{ value: "x" }] })).rejects.toMatchObject({ type: "TOPIC_AUTHORIZATION_FAILED" });
    } finally {
      await producer.disconnect();
    }

    const admin = kafkajsAs("reader", spus[1]!).admin();
    await admin.connect();
    try {
      await expect(admin.createTopics({ topics: [{ topic: "orders-new" }] })).rejects.toMatchObject({ errors: [expect.objectContaining({ type: "TOPIC_AUTHORIZATION_FAILED" })] });
      // Reading a topic is not changing its config: a consumer cannot cut another's retention.
      await expect(
        admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: "orders", configEntries: [{ name: "retention.ms", value: "1" }] }] }),
      ).rejects.toMatchObject({
        type: "TOPIC_AUTHORIZATION_FAILED",
      });
    } finally {
      await admin.disconnect();
    }
    const consumer = kafkajsAs("reader", spus[1]!).consumer({ groupId: "analytics" });
    const crashed = new Promise((resolve) => consumer.on(consumer.events.CRASH, (event) => resolve(event.payload.error)));
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: ["orders"], fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
      expect(await crashed).toMatchObject({ type: "GROUP_AUTHORIZATION_FAILED" });
    } finally {
      await consumer.disconnect();
    }

    // What the bindings allow still works: consuming orders as a billing-* group.
    const consumed = await kcat([...kcatAs("reader", spus[0]!), "-C", "-G", "billing-1", "-o", "beginning", "-e", "-q", "orders"]);
    expect(consumed.stdout).toContain("from-alice");
  });

  it("give full access back once a user's bindings are deleted", async () => {
    const deleted = await root.admin.deleteAcls([{ principal: "User:reader" }]);
    expect(deleted).toHaveLength(2);
    await eventually("SPU 2 lets reader produce", async () => {
      const result = await kcat([...kcatAs("reader", spus[1]!), "-P", "-t", "orders"], "allowed\n");
      return result.code === 0 ? true : undefined;
    });
  });
});
