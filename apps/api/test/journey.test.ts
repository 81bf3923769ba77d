import { generateKeyPairSync } from "node:crypto";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deriveScramSecretsFromSalt } from "./support/scram-check.js";
import { CONSOLE_ORIGIN, codeOf, signUp, startTestApi, trpcClient, type TestApi } from "./support/api-harness.js";
import { MATRIX } from "./support/procedure-matrix.js";
import { Collected } from "./support/subscriptions.js";
import { provisionLikeTheWorker } from "./support/tenant-cluster.js";
import { ordersPipelineYaml } from "./support/test-pipelines.js";
import { testCatalog, testSourceYaml } from "./support/test-connectors.js";
import { stockDataflowYaml } from "./support/test-dataflows.js";
import { publish, setUpPublisher, smartModuleManifest } from "./support/hub-publisher.js";
import { testPipelineYaml } from "./support/test-pipelines.js";

let api: TestApi;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>> | null = null;
beforeAll(async () => {
  api = await startTestApi({ connectorCatalog: testCatalog });
});
afterAll(async () => {
  await tenant?.stopAll();
  await api.close();
});

const jobsOf = async () => (await api.queue.getJobs(["waiting", "delayed", "active"])).map((j): [string, string | undefined, unknown] => [j.name, j.id, j.data]).sort();

it("sign up → org → cluster → credentials → topics → live records → kafkajs from a laptop → teardown", async () => {
  const adaCookie = await signUp(api, "ada@example.com");
  const ada = trpcClient(api, { cookie: adaCookie });
  expect(await ada.me.get.query()).toMatchObject({ user: { email: "ada@example.com", isStaff: false }, organizations: [], activeOrganizationId: null });
  expect(await codeOf(() => ada.clusters.list.query())).toBe("PRECONDITION_FAILED");

  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  expect((await ada.me.get.query()).organizations).toEqual([{ id: org.id, name: "Acme", slug: "acme", role: "owner" }]);

  // Create: a Pending row and one provisioning job, idempotent by cluster id.
  const cluster = await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free", spus: 1 });
  expect(cluster).toMatchObject({ name: "main", status: "Pending", plan: "free", spus: 1, partitionsLimit: 10, bootstrapHost: null });
  await api.api.services.provisioning.enqueue("provision-cluster", { clusterId: cluster.id });
  expect(await jobsOf()).toEqual([["provision-cluster", `provision-${cluster.id}`, { clusterId: cluster.id }]]);

  // Plan limits, with the message the console shows.
  const second = await ada.clusters.create.mutate({ name: "second", region: "local", plan: "free" }).catch((e: Error) => e.message);
  expect(second).toBe("The free plan allows 1 cluster per organization. Delete one or choose another plan.");
  const big = await ada.clusters.create.mutate({ name: "big", region: "local", plan: "pro", spus: 4 }).catch((e: Error) => e.message);
  expect(big).toBe("The pro plan allows up to 3 SPUs per cluster; 4 were asked for.");
  expect(await codeOf(() => ada.clusters.create.mutate({ name: "main", region: "local", plan: "pro" }))).toBe("CONFLICT");

  // Credentials: the password once, only a SCRAM verifier stored, a sync job for the worker.
  const created = await ada.credentials.create.mutate({ clusterId: cluster.id, name: "laptop" });
  expect(created).toMatchObject({ name: "laptop", username: "laptop", bootstrap: null, mechanism: "SCRAM-SHA-256" });
  const row = await api.prisma.clusterCredential.findUniqueOrThrow({ where: { id: created.id } });
  expect(deriveScramSecretsFromSalt(created.password, row.salt, row.iterations)).toEqual({ storedKey: row.storedKey, serverKey: row.serverKey });
  expect(JSON.stringify(row)).not.toContain(created.password);
  expect((await jobsOf()).map(([name]) => name)).toEqual(["provision-cluster", "sync-cluster-credentials"]);

  // The worker's part, done here: the row goes Provisioning, then Running at a real spu-worker.
  const watch = new Collected<{ status: string; bootstrapPort: number | null }>((h) => ada.clusters.watch.subscribe({ clusterId: cluster.id }, h));
  await watch.next(1);
  await api.prisma.cluster.update({ where: { id: cluster.id }, data: { status: "Provisioning" } });
  await watch.next(2);
  tenant = await provisionLikeTheWorker(api.prisma, cluster.id);
  const running = await watch.next(3);
  watch.close();
  const port = Number(tenant.bootstrap.split(":")[1]);
  expect(running.map((c) => [c.status, c.bootstrapPort])).toEqual([
    ["Pending", null],
    ["Provisioning", null],
    ["Running", port],
  ]);

  // Topics through the control plane's SASL user.
  await ada.topics.create.mutate({ clusterId: cluster.id, name: "orders", partitions: 3 });
  expect(await ada.topics.list.query({ clusterId: cluster.id })).toEqual([
    { name: "orders", partitions: 3, replicationFactor: 1, retentionMs: 604_800_000, retentionBytes: -1, sizeBytes: 0, derivedFrom: null },
  ]);
  const tooMany = await ada.topics.create.mutate({ clusterId: cluster.id, name: "huge", partitions: 8 }).catch((e: Error) => e.message);
  expect(tooMany).toBe("This cluster allows 10 partitions in all; it has 3 and 8 more were asked for.");
  expect(await codeOf(() => ada.topics.create.mutate({ clusterId: cluster.id, name: "orders", partitions: 1 }))).toBe("CONFLICT");

  // Produce and watch records arrive live (the one produced before subscribing comes from `last`).
  const first = await ada.topics.produce.mutate({ clusterId: cluster.id, topic: "orders", key: "alice", value: "hello" });
  const tail = new Collected<{ partition: number; offset: number; key: string | null; value: string }>((h) => ada.topics.tail.subscribe({ clusterId: cluster.id, topic: "orders", last: 5 }, h));
  await tail.next(1);
  const secondRecord = await ada.topics.produce.mutate({ clusterId: cluster.id, topic: "orders", key: "alice", value: "again" });
  const records = await tail.next(2);
  tail.close();
  expect(records.map((r) => [r.partition, r.offset, r.key, r.value])).toEqual([
    [first.partition, first.offset, "alice", "hello"],
    [secondRecord.partition, secondRecord.offset, "alice", "again"],
  ]);

  // A laptop: kafkajs with the credential from the console.
  const kafka = new Kafka({ brokers: [tenant.bootstrap], clientId: "laptop", logLevel: logLevel.NOTHING, sasl: { mechanism: "scram-sha-256", username: "laptop", password: created.password } });
  const consumer = kafka.consumer({ groupId: "laptop-readers" });
  await consumer.connect();
  await consumer.subscribe({ topic: "orders", fromBeginning: true });
  const seen: string[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(`${message.key?.toString()}=${message.value?.toString()}`);
        if (seen.length === 2) resolve();
      },
    });
  });
  await consumer.disconnect();
  expect(seen).toEqual(["alice=hello", "alice=again"]);

  // The laptop's group, empty once it left: read to the end, reset to the earliest records (two to read again), then deleted.
  const readers = { clusterId: cluster.id, groupId: "laptop-readers" };
  await expect.poll(async () => (await ada.groups.get.query(readers)).totalLag, { timeout: 15_000 }).toBe(0);
  await ada.groups.resetOffsets.mutate({ ...readers, to: { kind: "earliest" } });
  expect((await ada.groups.get.query(readers)).totalLag).toBe(2);
  await ada.groups.delete.mutate(readers);
  expect(await codeOf(() => ada.groups.get.query(readers))).toBe("NOT_FOUND");

  // Access rules on the laptop's credential (test/acls.test.ts has what the cluster makes of them).
  const consumeOrders = { resource: "topic", match: "prefix", name: "orders", access: "consume", permission: "allow" } as const;
  await ada.acls.add.mutate({ credentialId: created.id, rule: consumeOrders });
  expect(await ada.acls.list.query({ credentialId: created.id })).toEqual([{ ...consumeOrders, operation: "read" }]);
  expect(await ada.acls.remove.mutate({ credentialId: created.id, rule: consumeOrders })).toEqual({ removed: 1 });

  // An API key for the CLI: the same org, its own role.
  const key = await ada.apiKeys.create.mutate({ name: "cli", role: "member" });
  expect(key.secret).toMatch(/^fsk_[A-Za-z0-9_-]{32}$/);
  expect(key.prefix).toBe(key.secret.slice(0, 8));
  const cli = trpcClient(api, { bearer: key.secret });
  expect((await cli.clusters.list.query()).map((c) => c.name)).toEqual(["main"]);
  expect(await cli.me.get.query()).toMatchObject({ apiKey: { id: key.id }, activeOrganizationId: org.id, organizations: [{ id: org.id, role: "member" }] });
  expect(await codeOf(() => cli.apiKeys.list.query())).toBe("FORBIDDEN");
  expect((await ada.apiKeys.list.query()).map((k) => [k.name, k.role, k.lastUsedAt !== null, k.revokedAt])).toEqual([["cli", "member", true, null]]);

  // Team: invite a viewer, who accepts, is promoted, then removed.
  const invitation = await ada.members.invite.mutate({ email: "Bob@Example.com", role: "viewer" });
  expect((await ada.invitations.list.query()).map((i) => [i.email, i.role])).toEqual([["bob@example.com", "viewer"]]);
  const bob = trpcClient(api, { cookie: await signUp(api, "bob@example.com") });
  expect((await bob.me.get.query()).invitations).toEqual([{ id: invitation.id, organizationName: "Acme", role: "viewer", expiresAt: invitation.expiresAt }]);
  await bob.invitations.accept.mutate({ invitationId: invitation.id });
  const bobMember = (await ada.members.list.query()).find((m) => m.user.email === "bob@example.com")!;
  expect(bobMember.role).toBe("viewer");
  expect((await ada.members.updateRole.mutate({ memberId: bobMember.id, role: "member" })).role).toBe("member");
  await ada.members.remove.mutate({ memberId: bobMember.id });
  expect((await ada.members.list.query()).map((m) => [m.user.email, m.role])).toEqual([["ada@example.com", "owner"]]);

  // Teardown: revoke, delete, deprovision job.
  expect((await ada.credentials.revoke.mutate({ credentialId: created.id })).revokedAt).not.toBeNull();
  expect((await ada.apiKeys.revoke.mutate({ apiKeyId: key.id })).revokedAt).not.toBeNull();
  expect(await codeOf(() => cli.clusters.list.query())).toBe("UNAUTHORIZED");
  await ada.topics.alterConfig.mutate({ clusterId: cluster.id, topic: "orders", name: "retention.ms", value: "86400000" });
  // A SmartModule loaded through the upload route and deleted while no topic uses it.
  const { wasm } = await buildSmartModule(examplePath("json-filter"));
  const query = new URLSearchParams({ clusterId: cluster.id, name: "json-filter", version: "0.1.0" });
  const loaded = await fetch(`${api.url}/api/smartmodules/load?${query}`, { method: "POST", headers: { cookie: adaCookie, origin: CONSOLE_ORIGIN }, body: wasm });
  expect(loaded.status).toBe(200);
  await ada.smartModules.delete.mutate({ clusterId: cluster.id, name: "json-filter", version: "0.1.0" });
  // The Hub: a group, a signing key and a hub:publish key; the same module published, yanked and
  // restored; a spare key revoked; the cluster set to follow new versions.
  const publisher = await setUpPublisher(ada, "acme");
  const hubManifest = smartModuleManifest({ group: "acme", name: "json-filter", version: "0.1.0", keywords: ["json"] });
  expect((await publish(api.url, publisher.publishKey, { manifest: hubManifest, artifact: wasm }, publisher.keys.privateKeyPem)).status).toBe(201);
  expect((await ada.hub.search.query({ q: "json" })).map((p) => [p.group, p.name, p.latestVersion])).toEqual([["acme", "json-filter", "0.1.0"]]);
  await ada.hub.yank.mutate({ group: "acme", name: "json-filter", version: "0.1.0", reason: "Checking yank." });
  await ada.hub.unyank.mutate({ group: "acme", name: "json-filter", version: "0.1.0" });
  const spareKey = await ada.hub.keys.register.mutate({ name: "spare", publicKeyPem: generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString() });
  await ada.hub.keys.revoke.mutate({ keyId: spareKey.keyId });
  expect(await ada.hub.setAutoUpdate.mutate({ clusterId: cluster.id, enabled: true })).toEqual({ clusterId: cluster.id, hubAutoUpdate: true });
  // Installed by range (the cluster verifies the signature), then moved to a newer version.
  expect(await ada.hub.install.mutate({ clusterId: cluster.id, group: "acme", name: "json-filter", range: "^0.1" })).toEqual({ name: "acme/json-filter", version: "0.1.0" });
  const provenance = { package: "acme/json-filter", range: "^0.1", keyId: publisher.keys.keyId };
  expect((await ada.smartModules.list.query({ clusterId: cluster.id })).map((m) => [m.name, m.version, m.provenance])).toEqual([["acme/json-filter", "0.1.0", provenance]]);
  const newer = { ...hubManifest, version: "0.1.1" };
  expect((await publish(api.url, publisher.publishKey, { manifest: newer, artifact: wasm }, publisher.keys.privateKeyPem)).status).toBe(201);
  expect(await ada.hub.update.mutate({ clusterId: cluster.id })).toEqual({ updated: [{ package: "acme/json-filter", from: "0.1.0", to: "0.1.1" }], failed: [] });
  // A pipeline previewed on the topic's records: paused, resumed and stopped.
  const { previewId } = await ada.pipelinePreviews.start.mutate({ clusterId: cluster.id, yaml: ordersPipelineYaml("journey") });
  expect((await ada.pipelinePreviews.pause.mutate({ previewId })).state).toBe("paused");
  expect((await ada.pipelinePreviews.resume.mutate({ previewId })).state).toBe("running");
  expect((await ada.pipelinePreviews.stop.mutate({ previewId })).state).toBe("stopped");
  await ada.topics.delete.mutate({ clusterId: cluster.id, name: "orders" });
  expect(await ada.topics.list.query({ clusterId: cluster.id })).toEqual([]);
  // A connector: created, stopped (the worker would say Stopped; none runs here), its offsets set
  // and reset while stopped (KIP-875), started again and deleted.
  const connector = await ada.connectors.create.mutate({ clusterId: cluster.id, yaml: testSourceYaml("webhooks") });
  await ada.connectors.stop.mutate({ connectorId: connector.id });
  expect(await codeOf(() => ada.connectors.offsets.reset.mutate({ connectorId: connector.id }))).toBe("PRECONDITION_FAILED");
  await api.prisma.connector.update({ where: { id: connector.id }, data: { status: "Stopped" } });
  expect(await ada.connectors.offsets.alter.mutate({ connectorId: connector.id, offsets: { kind: "source", position: { cursor: 42 } } })).toEqual({
    connectorId: connector.id,
    offsets: { kind: "source", position: { cursor: 42 } },
  });
  expect(await ada.connectors.offsets.get.query({ connectorId: connector.id })).toEqual({ connectorId: connector.id, offsets: { kind: "source", position: { cursor: 42 } } });
  expect(await ada.connectors.offsets.reset.mutate({ connectorId: connector.id })).toEqual({ connectorId: connector.id, offsets: { kind: "source", position: null } });
  expect((await ada.connectors.start.mutate({ connectorId: connector.id })).status).toBe("Pending");
  expect((await ada.connectors.delete.mutate({ connectorId: connector.id })).status).toBe("Deleting");
  // A dataflow: deployed (no worker runs it here), its view listed, deleted.
  const dataflow = await ada.dataflows.deploy.mutate({ clusterId: cluster.id, yaml: stockDataflowYaml("movers") });
  expect((await ada.views.list.query({ clusterId: cluster.id })).map((v) => [v.name, v.shape, v.queryable])).toEqual([["product-stock", "stock", false]]);
  expect((await ada.dataflows.delete.mutate({ dataflowId: dataflow.id })).status).toBe("Deleting");
  // A pipeline: a draft, saved as it is edited, deployed, restored, deleted (no worker runs its components here).
  const { pipelineId } = await ada.pipelines.create.mutate({ clusterId: cluster.id, yaml: testPipelineYaml("orders-flow") });
  await ada.pipelines.saveDraft.mutate({ pipelineId, yaml: testPipelineYaml("orders-flow", { threshold: 5 }) });
  expect(await ada.pipelines.deploy.mutate({ pipelineId, yaml: testPipelineYaml("orders-flow", { threshold: 5 }) })).toMatchObject({ version: 1 });
  expect(await ada.pipelines.restore.mutate({ pipelineId, version: 1 })).toEqual({ version: 2 });
  const flowErrors = { name: "flow errors", target: { kind: "pipeline", pipelineId }, condition: { kind: "errorRate", maxPerMinute: 1 }, windowSeconds: 60 } as const;
  await ada.alerts.rules.create.mutate({ clusterId: cluster.id, rule: flowErrors });
  expect(await ada.pipelines.delete.mutate({ pipelineId })).toEqual({ pipelineId });
  expect(await codeOf(() => ada.alerts.rules.create.mutate({ clusterId: cluster.id, rule: flowErrors }))).toBe("NOT_FOUND");
  // Alerts: an error-rate rule on the pipeline above (refused once it is deleted); a stalled-topic
  // rule, refused on the wrong target, disabled, its (empty) history; the org's webhook with its
  // signing secret shown once; the stalled rule deleted.
  const stalled = { name: "orders stalled", target: { kind: "topic", topic: "orders" }, condition: { kind: "stalled" }, windowSeconds: 300 } as const;
  const { ruleId } = await ada.alerts.rules.create.mutate({ clusterId: cluster.id, rule: stalled });
  const wrongTarget = { ...stalled, condition: { kind: "errorRate", maxPerMinute: 1 } } as const;
  expect(await codeOf(() => ada.alerts.rules.create.mutate({ clusterId: cluster.id, rule: wrongTarget }))).toBe("BAD_REQUEST");
  expect(await ada.alerts.rules.update.mutate({ ruleId, enabled: false })).toMatchObject({ id: ruleId, enabled: false, state: "ok", condition: { kind: "stalled" }, windowSeconds: 300 });
  expect(await ada.alerts.events.list.query({ ruleId })).toEqual([]);
  expect((await ada.alerts.webhook.set.mutate({ url: "https://example.com/hooks/freshet" })).secret).toMatch(/^whsec_[0-9a-f]{64}$/);
  expect(await ada.alerts.webhook.set.mutate({ url: "https://example.com/hooks/other" })).toMatchObject({ webhook: { url: "https://example.com/hooks/other" }, secret: null });
  expect(await ada.alerts.webhook.get.query()).toMatchObject({ url: "https://example.com/hooks/other" });
  await ada.alerts.rules.delete.mutate({ ruleId });
  expect((await ada.alerts.rules.list.query({})).map((r) => [r.name, r.target])).toEqual([["flow errors", { kind: "pipeline", pipelineId }]]);
  expect((await ada.clusters.delete.mutate({ clusterId: cluster.id })).status).toBe("Deleting");
  expect((await jobsOf()).filter(([name]) => name === "deprovision-cluster")).toEqual([["deprovision-cluster", `deprovision-${cluster.id}`, { clusterId: cluster.id }]]);

  expect(await ada.orgs.update.mutate({ name: "Acme Data" })).toEqual({ id: org.id, name: "Acme Data", slug: "acme" });

  // Staff see every org.
  expect(await codeOf(() => ada.staff.organizations.list.query())).toBe("FORBIDDEN");
  await api.prisma.user.update({ where: { email: "ada@example.com" }, data: { isStaff: true } });
  expect(await ada.staff.organizations.list.query()).toEqual([expect.objectContaining({ id: org.id, slug: "acme", deletedAt: null, members: 1, clusters: 1 })]);
  // Billing: a budget, an onboarding request and staff's approval of it (the $750 credit).
  expect(await ada.billing.setBudget.mutate({ budgetMinor: 20_000, hardCapMinor: 50_000 })).toEqual({ budgetMinor: 20_000, hardCapMinor: 50_000 });
  expect((await ada.billing.startCheckout.mutate({})).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  const onboarding = await ada.billing.requestOnboarding.mutate({ workload: "clickstream", volumes: "5 MB/s", contactTime: "mornings UTC" });
  expect(await ada.staff.onboarding.decide.mutate({ requestId: onboarding.id, decision: "approve" })).toMatchObject({ status: "approved", changed: true });
  expect((await ada.billing.credits.query()).find((credit) => credit.kind === "onboarding")).toMatchObject({ amountMinor: 75_000, balanceMinor: 75_000 });
  // A promotion code staff made, redeemed as people type it.
  expect(await ada.staff.promotions.create.mutate({ code: "JOURNEY", amountMinor: 1_500, validDays: 30 })).toEqual({ code: "JOURNEY" });
  const { grantId } = await ada.billing.redeemCode.mutate({ code: "journey" });
  expect((await ada.billing.credits.query()).find((credit) => credit.id === grantId)).toMatchObject({ kind: "promotion", amountMinor: 1_500, balanceMinor: 1_500 });
  expect((await ada.staff.promotions.list.query()).map((p) => [p.code, p.redemptions])).toEqual([["JOURNEY", 1]]);
  // Staff take a Hub package down: it resolves no more.
  await ada.staff.hub.takedown.mutate({ group: "acme", name: "json-filter", reason: "Journey takedown." });
  expect(await codeOf(() => ada.hub.resolve.query({ group: "acme", name: "json-filter", range: "*" }))).toBe("NOT_FOUND");
  // The journey makes more entries than one page holds: follow the cursor to the end.
  const entries = [];
  for (let cursor: string | null = null, pages = 0; pages === 0 || cursor !== null; pages++) {
    const page: Awaited<ReturnType<typeof ada.audit.list.query>> = await ada.audit.list.query({ cursor });
    entries.push(...page.entries);
    cursor = page.nextCursor;
  }
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  expect(entries.find((e) => e.action === "cluster.create")).toMatchObject({ actor: "ada@example.com", target: `cluster:${cluster.id}`, ip: "127.0.0.1" });

  // Deleting the org ends it for its members; its audit log, which stays, holds every kind of mutation the API has.
  expect(await ada.orgs.delete.mutate({ organizationId: org.id })).toEqual({ id: org.id, clustersDeleting: [cluster.id] });
  expect(await ada.staff.organizations.list.query()).toEqual([expect.objectContaining({ id: org.id, deletedAt: expect.any(String) as unknown, members: 0, clusters: 1 })]);
  // The SmartModule upload and the Hub's publish are HTTP routes beside the tRPC router, so the matrix does not list them.
  const everyMutation = [...Object.values(MATRIX).flatMap((entry) => (entry.audit === undefined || (entry.auditedIn ?? "org") !== "org" ? [] : [entry.audit])), "smartmodule.load", "hub.publish"];
  const actions = (await api.prisma.auditLog.findMany({ where: { orgId: org.id } })).map((row) => row.action);
  expect(new Set(actions)).toEqual(new Set(everyMutation));
}, 300_000); // loading a SmartModule compiles a 12 MiB component on the SPU (three loads here)
