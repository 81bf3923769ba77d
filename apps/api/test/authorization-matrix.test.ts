import type { AnyProcedure } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/router.js";
import { codeOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";
import { call, MATRIX, type Fixture, type MatrixEntry, type ProcedurePath } from "./support/procedure-matrix.js";
import { provisionLikeTheWorker } from "./support/tenant-cluster.js";
import { testCatalog, testSourceYaml } from "./support/test-connectors.js";
import { runningStatus, stockDataflowYaml, stockRow } from "./support/test-dataflows.js";
import { ordersPipelineYaml, testPipelineYaml } from "./support/test-pipelines.js";
import { startFakeDataflowProcess, type FakeDataflowProcess } from "@freshet/control-plane/internal/fake-dataflow-process";
import { fakeComponent, publish, setUpPublisher, smartModuleManifest } from "./support/hub-publisher.js";

let api: TestApi;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>>;
let fixture: Fixture;
let viewer: Client;
let member: Client;
let otherOrgOwner: Client;
let revokedKey: Client;
/** An admin key whose creator was then demoted to viewer: it must act as a viewer. */
let demotedCreatorKey: Client;
/** An admin key whose creator was then removed from org A. */
let removedCreatorKey: Client;
let anonymous: Client;
let dataflowProcess: FakeDataflowProcess;

async function joinAs(owner: Client, email: string, role: "viewer" | "member" | "admin", orgId: string): Promise<{ client: Client; memberId: string }> {
  const invitation = await owner.members.invite.mutate({ email, role });
  const client = trpcClient(api, { cookie: await signUp(api, email) });
  await client.invitations.accept.mutate({ invitationId: invitation.id });
  await client.orgs.setActive.mutate({ organizationId: orgId });
  const members = await owner.members.list.query();
  return { client, memberId: members.find((m) => m.user.email === email)!.id };
}

beforeAll(async () => {
  api = await startTestApi({ connectorCatalog: testCatalog });
  const owner = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const orgA = await owner.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await owner.orgs.setActive.mutate({ organizationId: orgA.id });
  const cluster = await owner.clusters.create.mutate({ name: "main", region: "local", plan: "free" });
  const credential = await owner.credentials.create.mutate({ clusterId: cluster.id, name: "laptop" });
  tenant = await provisionLikeTheWorker(api.prisma, cluster.id);
  await owner.topics.create.mutate({ clusterId: cluster.id, name: "orders", partitions: 1 });
  await owner.topics.produce.mutate({ clusterId: cluster.id, topic: "orders", value: "first" });
  await owner.groups.resetOffsets.mutate({ clusterId: cluster.id, groupId: "readers", topics: ["orders"], to: { kind: "earliest" } });
  const connector = await owner.connectors.create.mutate({ clusterId: cluster.id, yaml: testSourceYaml("webhooks") });
  const dataflow = await owner.dataflows.deploy.mutate({ clusterId: cluster.id, yaml: stockDataflowYaml("movers") });
  dataflowProcess = await startFakeDataflowProcess(runningStatus("movers"), [stockRow("apple", 0, 3, 3)]);
  await api.prisma.dataflow.update({ where: { id: dataflow.id }, data: { status: "Running", endpoint: dataflowProcess.endpoint } });
  const { pipelineId } = await owner.pipelines.create.mutate({ clusterId: cluster.id, yaml: testPipelineYaml("lines") });
  await owner.pipelines.deploy.mutate({ pipelineId, yaml: testPipelineYaml("lines") });
  const preview = await owner.pipelinePreviews.start.mutate({ clusterId: cluster.id, yaml: ordersPipelineYaml("orders-preview"), maxSeconds: 600 });

  const alertRule = await owner.alerts.rules.create.mutate({
    clusterId: cluster.id,
    rule: { name: "orders stalled", target: { kind: "topic", topic: "orders" }, condition: { kind: "stalled" }, windowSeconds: 300 },
  });

  // A private Hub package of org A, published as the CLI does.
  const publisher = await setUpPublisher(owner, "acmehub");
  const manifest = smartModuleManifest({ group: "acmehub", name: "secret-sauce", version: "1.0.0", visibility: "private" });
  const published = await publish(api.url, publisher.publishKey, { manifest, artifact: fakeComponent() }, publisher.keys.privateKeyPem);
  if (published.status !== 201) throw new Error(`publishing the fixture answered ${published.status}: ${await published.text()}`);

  viewer = (await joinAs(owner, "victor@example.com", "viewer", orgA.id)).client;
  const joined = await joinAs(owner, "mel@example.com", "member", orgA.id);
  member = joined.client;
  const invitation = await owner.members.invite.mutate({ email: "zed@example.com", role: "member" });
  const key = await owner.apiKeys.create.mutate({ name: "ci", role: "admin" });
  const revoked = await owner.apiKeys.create.mutate({ name: "old", role: "admin" });
  await owner.apiKeys.revoke.mutate({ apiKeyId: revoked.id });
  revokedKey = trpcClient(api, { bearer: revoked.secret });
  const demoted = await joinAs(owner, "dora@example.com", "admin", orgA.id);
  demotedCreatorKey = trpcClient(api, { bearer: (await demoted.client.apiKeys.create.mutate({ name: "dora-ci", role: "admin" })).secret });
  await owner.members.updateRole.mutate({ memberId: demoted.memberId, role: "viewer" });
  const removed = await joinAs(owner, "rex@example.com", "admin", orgA.id);
  removedCreatorKey = trpcClient(api, { bearer: (await removed.client.apiKeys.create.mutate({ name: "rex-ci", role: "admin" })).secret });
  await owner.members.remove.mutate({ memberId: removed.memberId });

  otherOrgOwner = trpcClient(api, { cookie: await signUp(api, "eve@example.com") });
  const orgB = await otherOrgOwner.orgs.create.mutate({ name: "Evil", slug: "evil" });
  await otherOrgOwner.orgs.setActive.mutate({ organizationId: orgB.id });
  anonymous = trpcClient(api, null);
  await api.prisma.promotionCode.create({ data: { code: "MATRIX", amountMinor: 1_000, validDays: 30, createdById: "usr_matrix" } });

  fixture = {
    orgA: orgA.id,
    clusterA: cluster.id,
    credentialA: credential.id,
    memberA: joined.memberId,
    apiKeyA: key.id,
    invitationA: invitation.id,
    connectorA: connector.id,
    dataflowA: dataflow.id,
    pipelineA: pipelineId,
    previewA: preview.previewId,
    alertRuleA: alertRule.ruleId,
    hubGroupA: publisher.group,
    hubPackageA: manifest.name,
    hubKeyA: publisher.keys.keyId,
  };
}, 120_000);

afterAll(async () => {
  await dataflowProcess?.close();
  await tenant?.stopAll();
  await api?.close();
});

// The matrix's type holds exactly the router's procedure paths as keys.
const entries = Object.entries(MATRIX) as Array<[ProcedurePath, MatrixEntry]>;

it("has an entry for every procedure of the router, and only those", () => {
  // tRPC declares _def.procedures as the nested router record; at run time it is flat, keyed by dotted path.
  const procedures = appRouter._def.procedures as unknown as Readonly<Record<string, AnyProcedure>>;
  expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(procedures).sort());
  for (const [path, entry] of entries) expect([path, procedures[path]!._def.type]).toEqual([path, entry.type]);
  for (const [path, entry] of entries) expect([path, entry.audit !== undefined]).toEqual([path, entry.type === "mutation"]);
});

describe.each(entries)("%s", (path, entry) => {
  if (entry.layer === "public") {
    it("answers callers without credentials", async () => {
      expect(await codeOf(() => call(anonymous, path, entry.input(fixture)))).toBe("OK");
    });
  } else if (entry.layer === "optional") {
    it(`answers callers without credentials as another org's owner (${entry.otherOrg}), never with org A's private rows`, async () => {
      let answer: unknown;
      expect(await codeOf(async () => (answer = await call(anonymous, path, entry.input(fixture))))).toBe(entry.otherOrg);
      for (const id of Object.values(fixture)) expect(JSON.stringify(answer ?? null)).not.toContain(id);
    });

    it("refuses a revoked API key (UNAUTHORIZED) rather than reading as nobody", async () => {
      expect(await codeOf(() => call(revokedKey, path, entry.input(fixture)))).toBe("UNAUTHORIZED");
    });
  } else {
    it("refuses callers without credentials (UNAUTHORIZED)", async () => {
      expect(await codeOf(() => call(anonymous, path, entry.input(fixture)))).toBe("UNAUTHORIZED");
    });

    it("refuses a revoked API key (UNAUTHORIZED)", async () => {
      expect(await codeOf(() => call(revokedKey, path, entry.input(fixture)))).toBe("UNAUTHORIZED");
    });

    it("refuses an API key whose creator was removed from the org (UNAUTHORIZED)", async () => {
      expect(await codeOf(() => call(removedCreatorKey, path, entry.input(fixture)))).toBe("UNAUTHORIZED");
    });
  }

  it(`answers another org's owner with ${entry.otherOrg}, never with org A's rows`, async () => {
    let answer: unknown;
    const code = await codeOf(async () => (answer = await call(otherOrgOwner, path, entry.input(fixture))));
    expect(code).toBe(entry.otherOrg);
    if (code === "OK") for (const id of Object.values(fixture)) expect(JSON.stringify(answer)).not.toContain(id);
  });

  const adminOrAbove = entry.layer === "orgAdmin" || entry.layer === "orgOwner";
  const viewerExpected = entry.layer === "staff" || adminOrAbove || (entry.layer === "org" && entry.type === "mutation") ? "FORBIDDEN" : null;
  // Only the cases that apply to a layer are declared (nothing is skipped).
  if (viewerExpected !== null) {
    it("refuses a viewer of org A (FORBIDDEN)", async () => {
      expect(await codeOf(() => call(viewer, path, entry.input(fixture)))).toBe("FORBIDDEN");
    });
    it("refuses an admin's API key once the admin is a viewer (FORBIDDEN)", async () => {
      expect(await codeOf(() => call(demotedCreatorKey, path, entry.input(fixture)))).toBe("FORBIDDEN");
    });
  }
  if ((entry.layer === "org" || entry.layer === "optional") && entry.type !== "mutation") {
    it("lets a viewer of org A read", async () => {
      expect(await codeOf(() => call(viewer, path, entry.input(fixture)))).toBe("OK");
    });
    it("lets an admin's API key read once the admin is a viewer", async () => {
      expect(await codeOf(() => call(demotedCreatorKey, path, entry.input(fixture)))).toBe("OK");
    });
  }
  if (adminOrAbove || entry.layer === "staff") {
    it("refuses a plain member of org A (FORBIDDEN)", async () => {
      expect(await codeOf(() => call(member, path, entry.input(fixture)))).toBe("FORBIDDEN");
    });
  }
});

it("left org A as it was: nothing the other callers did shows up in its audit log", async () => {
  const rows = await api.prisma.auditLog.findMany({ where: { orgId: fixture.orgA }, include: { actorUser: true } });
  expect(new Set(rows.map((r) => r.actorUser?.email))).toEqual(new Set(["ada@example.com", "victor@example.com", "mel@example.com", "dora@example.com", "rex@example.com"]));
  // Dora and Rex created their keys while they were admins; nothing after.
  expect(
    rows
      .filter((r) => r.actorUser?.email !== "ada@example.com")
      .map((r) => r.action)
      .sort(),
  ).toEqual([...Array<string>(2).fill("api-key.create"), ...Array<string>(4).fill("invitation.accept"), ...Array<string>(4).fill("org.switch")]);
});
