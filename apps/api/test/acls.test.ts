/*
 * A credential's access rules through the API, on a real SPU with SASL: a rule added in the
 * API is enforced by the engine (a credential allowed only to consume cannot produce), the
 * refusals of bad rules are one sentence, and revoking the credential deletes its rules.
 */
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type TestApi } from "./support/api-harness.js";
import { provisionLikeTheWorker } from "./support/tenant-cluster.js";

let api: TestApi;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>> | null = null;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await tenant?.stopAll();
  await api.close();
});

it("adds, lists and removes a credential's rules, which the cluster enforces, and drops them when the credential is revoked", async () => {
  const ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  const cluster = await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free", spus: 1 });
  const reader = await ada.credentials.create.mutate({ clusterId: cluster.id, name: "reader" });
  tenant = await provisionLikeTheWorker(api.prisma, cluster.id);
  await ada.topics.create.mutate({ clusterId: cluster.id, name: "orders", partitions: 1 });

  const consumeOrders = { resource: "topic", match: "prefix", name: "orders", access: "consume", permission: "allow" } as const;
  expect(await ada.acls.add.mutate({ credentialId: reader.id, rule: consumeOrders })).toEqual({ ...consumeOrders, operation: "read" });
  expect(await ada.acls.list.query({ credentialId: reader.id })).toEqual([{ ...consumeOrders, operation: "read" }]);
  const refused = await ada.acls.add.mutate({ credentialId: reader.id, rule: { ...consumeOrders, resource: "group", access: "produce" } }).catch((e: Error) => e.message);
  expect(refused).toMatch(/A group rule can only be about consuming\.$/);

  const kafka = new Kafka({ brokers: [tenant.bootstrap], sasl: { mechanism: "scram-sha-256", username: "reader", password: reader.password }, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await expect(producer.send({ topic: "orders", messages: [{ value: "denied" }] })).rejects.toMatchObject({ type: "TOPIC_AUTHORIZATION_FAILED" });
    expect(await ada.acls.remove.mutate({ credentialId: reader.id, rule: consumeOrders })).toEqual({ removed: 1 });
    expect(await ada.acls.list.query({ credentialId: reader.id })).toEqual([]);
    await producer.send({ topic: "orders", messages: [{ value: "allowed" }] });
  } finally {
    await producer.disconnect();
  }

  await ada.acls.add.mutate({ credentialId: reader.id, rule: consumeOrders });
  await ada.credentials.revoke.mutate({ credentialId: reader.id });
  const audit = await api.prisma.auditLog.findFirstOrThrow({ where: { action: "credential.revoke", targetId: reader.id } });
  expect(audit.metadata).toMatchObject({ rulesRemoved: true });
  expect(await ada.acls.list.query({ credentialId: reader.id }).catch((e: Error) => e.message)).toBe("This credential is revoked; its rules are gone with it.");
});
