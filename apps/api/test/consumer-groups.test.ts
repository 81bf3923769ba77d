import { Kafka, logLevel, type Consumer } from "kafkajs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { codeOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";
import { provisionLikeTheWorker } from "./support/tenant-cluster.js";

let api: TestApi;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>> | null = null;
let ada: Client;
let kafka: Kafka;
let clusterId: string;

beforeAll(async () => {
  api = await startTestApi();
  ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  const cluster = await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free", spus: 1 });
  clusterId = cluster.id;
  const credential = await ada.credentials.create.mutate({ clusterId, name: "laptop" });
  tenant = await provisionLikeTheWorker(api.prisma, clusterId);
  kafka = new Kafka({ brokers: [tenant.bootstrap], clientId: "laptop", logLevel: logLevel.NOTHING, sasl: { mechanism: "scram-sha-256", username: "laptop", password: credential.password } });
}, 120_000);

afterAll(async () => {
  await tenant?.stopAll();
  await api?.close();
});

/** Polls `check` until it answers something, failing after `timeoutMs`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startConsumer(): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: "readers", maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: "orders", fromBeginning: true });
  await consumer.run({ autoCommitInterval: 100, eachMessage: async () => {} });
  return consumer;
}

it("lists groups with lag, shows members and partitions, refuses a reset while members are active, resets and deletes an empty group", async () => {
  await ada.topics.create.mutate({ clusterId, name: "orders", partitions: 2 });
  for (const value of ["a", "b", "c", "d"]) await ada.topics.produce.mutate({ clusterId, topic: "orders", key: value, value });

  const consumer = await startConsumer();
  const caughtUp = await eventually("the group to catch up", async () => {
    const [group] = await ada.groups.list.query({ clusterId });
    return group?.totalLag === 0 && group.members === 1 && group.state === "Stable" ? group : undefined;
  });
  expect(caughtUp).toEqual({ groupId: "readers", state: "Stable", members: 1, topics: ["orders"], totalLag: 0 });

  const detail = await ada.groups.get.query({ clusterId, groupId: "readers" });
  expect(detail.members).toEqual([{ memberId: expect.any(String), clientId: "laptop", clientHost: expect.stringContaining("127.0.0.1"), assignment: [{ topic: "orders", partitions: [0, 1] }] }]);
  expect(detail.partitions.map((p) => p.endOffset).reduce((a, b) => a + b)).toBe(4);
  expect((await ada.groups.byTopic.query({ clusterId, topic: "orders" })).map((g) => [g.groupId, g.members, g.totalLag])).toEqual([["readers", 1, 0]]);

  const refused = await ada.groups.resetOffsets.mutate({ clusterId, groupId: "readers", to: { kind: "earliest" } }).then(
    () => "accepted",
    (e: Error) => e.message,
  );
  expect(refused).toBe("The group has 1 active member; stop it before resetting offsets.");
  expect(await codeOf(() => ada.groups.delete.mutate({ clusterId, groupId: "readers" }))).toBe("CONFLICT");

  await consumer.disconnect();
  const preview = await ada.groups.previewReset.query({ clusterId, groupId: "readers", to: { kind: "earliest" } });
  expect(preview.map((p) => p.newOffset)).toEqual([0, 0]);
  const reset = await ada.groups.resetOffsets.mutate({ clusterId, groupId: "readers", to: { kind: "earliest" } });
  expect(reset).toEqual(preview);
  expect((await ada.groups.get.query({ clusterId, groupId: "readers" })).totalLag).toBe(4);

  await ada.groups.delete.mutate({ clusterId, groupId: "readers" });
  expect(await ada.groups.list.query({ clusterId })).toEqual([]);
  expect(await codeOf(() => ada.groups.get.query({ clusterId, groupId: "readers" }))).toBe("NOT_FOUND");

  const audited = await api.prisma.auditLog.findMany({ where: { action: { startsWith: "group." } }, orderBy: { createdAt: "asc" } });
  expect(audited.map((a) => [a.action, a.targetId])).toEqual([
    ["group.reset-offsets", `${clusterId}/readers`],
    ["group.delete", `${clusterId}/readers`],
  ]);
  const badOffset = await ada.groups.resetOffsets.mutate({ clusterId, groupId: "readers", to: { kind: "offsets", offsets: [] } }).then(
    () => "accepted",
    (e: Error) => e.message,
  );
  expect(badOffset).toBe("Give an offset for at least one partition.");
});
