import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";
import { testCatalog, testSourceYaml } from "./support/test-connectors.js";

let api: TestApi;
let owner: Client;
let member: Client;
let clusterId: string;

/** The code and the sentence a failed call answered with. */
async function failure(call: () => Promise<unknown>): Promise<[string, string]> {
  try {
    await call();
  } catch (error) {
    if (error instanceof TRPCClientError) return [(error.data as { code: string }).code, error.message];
    throw error;
  }
  throw new Error("the call succeeded");
}

const jobs = async () =>
  (await api.queue.getJobs(["waiting", "delayed"]))
    .filter((job) => job.name.endsWith("-connector"))
    .map((job) => [job.name, job.id])
    .sort();

beforeAll(async () => {
  api = await startTestApi({ connectorCatalog: testCatalog });
  owner = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await owner.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await owner.orgs.setActive.mutate({ organizationId: org.id });
  clusterId = (await owner.clusters.create.mutate({ name: "main", region: "local", plan: "free" })).id;
  const invitation = await owner.members.invite.mutate({ email: "mel@example.com", role: "member" });
  member = trpcClient(api, { cookie: await signUp(api, "mel@example.com") });
  await member.invitations.accept.mutate({ invitationId: invitation.id });
  await member.orgs.setActive.mutate({ organizationId: org.id });
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe("connectors router", () => {
  it("refuses connectors on a cluster that is not Running yet", async () => {
    expect(await failure(() => owner.connectors.create.mutate({ clusterId, yaml: testSourceYaml("early") }))).toEqual([
      "PRECONDITION_FAILED",
      "The cluster is Pending; connectors can be added once it is Running.",
    ]);
    await api.prisma.cluster.update({ where: { id: clusterId }, data: { status: "Running", bootstrapHost: "127.0.0.1", bootstrapPort: 9 } });
  });

  it("answers every invalid YAML with one sentence naming the field", async () => {
    const create = (yaml: string) => failure(() => owner.connectors.create.mutate({ clusterId, yaml }));
    // The line number is parseConnectorConfig's (packages/connectors), which says 0 for now.
    expect(await create("name: [unclosed")).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/^the YAML does not parse at line \d+: Flow sequence in block collection must be sufficiently indented and end with a \]\.$/),
    ]);
    expect(await create("name: Bad Name\ntype: test-source\ntopic: t\n")).toEqual(["BAD_REQUEST", "name: must be 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit."]);
    expect(await create("name: a\ntype: nope\ntopic: t\n")).toEqual(["BAD_REQUEST", 'type: there is no built-in connector "nope" (there are: test-source).']);
    expect(await create("name: a\nmodule: ./evil.js\ntopic: t\n")).toEqual(["BAD_REQUEST", "module: the cloud runs built-in connectors only (test-source); run a kit-built one yourself."]);
    expect(await create(`${testSourceYaml("a")}cluster:\n  bootstrap: elsewhere:9092\n`)).toEqual([
      "BAD_REQUEST",
      "cluster: leave it out; the cloud connects the connector to its cluster with a login of its own.",
    ]);
    expect(await create("name: a\ntype: test-source\ntopics: [t]\n")).toEqual(["BAD_REQUEST", "topic: test-source is a source and needs the topic it writes to."]);
    expect(await create(testSourceYaml("a", { url: "not a url" }))).toEqual(["BAD_REQUEST", "config.url: Invalid URL."]);
    expect(await create(testSourceYaml("a", { url: "http://127.0.0.1:9/", reachable: false }))).toEqual(["BAD_REQUEST", "Connection refused by http://127.0.0.1:9/."]);
    expect(await api.prisma.connector.count()).toBe(0);
    expect(await jobs()).toEqual([]);
  });

  it("lists the types with their config's JSON schema, and checks a YAML without creating anything", async () => {
    const types = await member.connectors.types.query();
    expect(types.map((t) => [t.type, t.kind, t.description])).toEqual([["test-source", "source", "Emits nothing; its check answers as `reachable` says."]]);
    expect(types[0]!.configSchema).toMatchObject({ type: "object", required: ["url"], properties: { url: { type: "string", format: "uri" }, reachable: { type: "boolean", default: true } } });
    expect(await member.connectors.check.query({ yaml: testSourceYaml("probe") })).toEqual({ ok: true, type: "test-source", kind: "source", detail: "reached http://127.0.0.1:9/" });
    expect(await api.prisma.connector.count()).toBe(0);
  });

  let connectorId: string;

  it("creates a connector (Pending, a deploy job of generation 0), once per name and cluster", async () => {
    const created = await member.connectors.create.mutate({ clusterId, yaml: testSourceYaml("webhooks") });
    connectorId = created.id;
    expect(created).toMatchObject({
      clusterId,
      name: "webhooks",
      type: "test-source",
      kind: "source",
      desiredState: "running",
      status: "Pending",
      statusReason: null,
      metrics: null,
      config: testSourceYaml("webhooks"),
    });
    expect(created.id).toMatch(/^con_/);
    expect(await jobs()).toEqual([["deploy-connector", `deploy-${connectorId}-0`]]);
    expect(await failure(() => owner.connectors.create.mutate({ clusterId, yaml: testSourceYaml("webhooks") }))).toEqual(["CONFLICT", 'The cluster already has a connector named "webhooks".']);
    expect((await owner.connectors.list.query({ clusterId })).map((c) => c.name)).toEqual(["webhooks"]);
    expect((await owner.connectors.list.query()).map((c) => c.id)).toEqual([connectorId]);
  });

  it("shows what the worker copied: status, last error, counters and the log's tail", async () => {
    const metrics = { recordsIn: 5, recordsOut: 4, errors: 1, deadLettered: 1, lastSuccessAt: "2026-12-07T15:00:00.000Z" };
    await api.prisma.connector.update({
      where: { id: connectorId },
      data: { status: "Failed", statusReason: "The target refused the login.", metrics, observedAt: new Date(0), logTail: "one\ntwo\nthree\n" },
    });
    expect(await member.connectors.get.query({ connectorId })).toMatchObject({ status: "Failed", statusReason: "The target refused the login.", metrics, observedAt: "1970-01-01T00:00:00.000Z" });
    expect(await member.connectors.logs.query({ connectorId, lines: 2 })).toEqual({ lines: ["two", "three"], observedAt: "1970-01-01T00:00:00.000Z" });
  });

  it("stops, starts and deletes through jobs of a new generation each; only admins delete", async () => {
    expect(await member.connectors.stop.mutate({ connectorId })).toMatchObject({ desiredState: "stopped" });
    expect(await member.connectors.stop.mutate({ connectorId })).toMatchObject({ desiredState: "stopped" });
    expect(await member.connectors.start.mutate({ connectorId })).toMatchObject({ desiredState: "running", status: "Pending", statusReason: null });
    expect(await codeOf(() => member.connectors.delete.mutate({ connectorId }))).toBe("FORBIDDEN");
    expect(await owner.connectors.delete.mutate({ connectorId })).toMatchObject({ status: "Deleting", desiredState: "stopped" });
    expect(await failure(() => owner.connectors.start.mutate({ connectorId }))).toEqual(["BAD_REQUEST", "The connector is Deleting."]);
    expect(await jobs()).toEqual([
      ["delete-connector", `delete-${connectorId}-3`],
      ["deploy-connector", `deploy-${connectorId}-0`],
      ["deploy-connector", `deploy-${connectorId}-2`],
      ["stop-connector", `stop-${connectorId}-1`],
    ]);
    const actions = (await api.prisma.auditLog.findMany({ where: { targetId: connectorId }, orderBy: { createdAt: "asc" } })).map((row) => row.action);
    expect(actions).toEqual(["connector.create", "connector.stop", "connector.stop", "connector.start", "connector.delete"]);
  });

  it("frees a deleted connector's name", async () => {
    await api.prisma.connector.update({ where: { id: connectorId }, data: { status: "Deleted", deletedAt: new Date() } });
    expect(await owner.connectors.list.query({ clusterId })).toEqual([]);
    const again = await owner.connectors.create.mutate({ clusterId, yaml: testSourceYaml("webhooks") });
    expect(again.id).not.toBe(connectorId);
    expect(await api.prisma.connector.count()).toBe(1);
  });
});
