import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";
import { provisionLikeTheWorker } from "./support/tenant-cluster.js";
import { testCatalog } from "./support/test-connectors.js";
import { testPipelineYaml } from "./support/test-pipelines.js";

let api: TestApi;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>>;
let owner: Client;
let other: Client;
let clusterId: string;
let pipelineId: string;

const v1 = testPipelineYaml("pay");

/** The pipeline's component rows: name → [generation, status, pipelineId]. */
async function components(): Promise<Record<string, [number, string, string | null]>> {
  const where = { clusterId };
  const rows = [...(await api.prisma.connector.findMany({ where })), ...(await api.prisma.dataflow.findMany({ where }))];
  return Object.fromEntries(rows.map((row) => [row.name, [row.generation, row.status, row.pipelineId]]));
}

const jobs = async () =>
  (await api.queue.getJobs(["waiting", "delayed"]))
    .filter((job) => /-(connector|dataflow)$/.test(job.name))
    .map((job) => job.id)
    .sort();

beforeAll(async () => {
  api = await startTestApi({ connectorCatalog: testCatalog });
  owner = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  await owner.orgs.setActive.mutate({ organizationId: (await owner.orgs.create.mutate({ name: "Acme", slug: "acme" })).id });
  clusterId = (await owner.clusters.create.mutate({ name: "main", region: "local", plan: "free" })).id;
  tenant = await provisionLikeTheWorker(api.prisma, clusterId);
  other = trpcClient(api, { cookie: await signUp(api, "eve@example.com") });
  await other.orgs.setActive.mutate({ organizationId: (await other.orgs.create.mutate({ name: "Evil", slug: "evil" })).id });
}, 60_000);

afterAll(async () => {
  await tenant?.stopAll();
  await api?.close();
});

describe("pipelines router", () => {
  it("validates a document: the graph and what it deploys, or each problem on its node and line", async () => {
    const valid = await owner.pipelines.validate.query({ yaml: v1 });
    expect(valid).toMatchObject({ ok: true, compiled: { topics: ["pay-events"], dataflow: "pay", connectors: ["pay-events"] } });
    expect(valid.graph?.nodes.map((n) => n.id).sort()).toEqual(["big", "big-view", "events"]);

    // The connector's own schema, placed on its node and on the line of the field.
    const badUrl = await owner.pipelines.validate.query({ yaml: testPipelineYaml("pay", { url: "not a url" }) });
    expect(badUrl).toMatchObject({ ok: false, problems: [{ nodeId: "events", path: ["sources", "events", "connector", "config", "url"], line: 9 }] });
    expect(badUrl.ok ? null : badUrl.problems[0]?.message).toMatch(/^sources\.events\.connector\.config\.url: /);
    // The dataflow's schema, through the pipeline's.
    const badFrom = await owner.pipelines.validate.query({ yaml: v1.replace("from: events", "from: nowhere") });
    expect(badFrom).toMatchObject({ ok: false, graph: null, problems: [{ nodeId: "big", line: 12 }] });
    const unknownType = await owner.pipelines.validate.query({ yaml: v1.replace("type: test-source", "type: no-such") });
    expect(unknownType).toMatchObject({ ok: false, problems: [{ nodeId: "events", path: ["sources", "events", "connector", "type"], line: 8 }] });
  });

  it("creates a draft only; names are unique per cluster; drafts may be invalid", async () => {
    pipelineId = (await owner.pipelines.create.mutate({ clusterId, yaml: v1 })).pipelineId;
    expect(pipelineId).toMatch(/^pip_/);
    expect(await owner.pipelines.get.query({ pipelineId })).toMatchObject({ name: "pay", status: "Draft", draft: { yaml: v1 }, current: null });
    expect(await codeOf(() => owner.pipelines.create.mutate({ clusterId, yaml: v1 }))).toBe("CONFLICT");
    expect(await codeOf(() => owner.pipelines.create.mutate({ clusterId, yaml: "name: Not Valid\n" }))).toBe("BAD_REQUEST");
    const { savedAt } = await owner.pipelines.saveDraft.mutate({ pipelineId, yaml: `${v1}operators: [` });
    expect((await owner.pipelines.get.query({ pipelineId })).draft).toEqual({ yaml: `${v1}operators: [`, savedAt });
    expect(await components()).toEqual({});
    expect(await owner.pipelines.list.query({ clusterId })).toEqual([expect.objectContaining({ id: pipelineId, name: "pay", status: "Draft", currentVersion: null })]);
  });

  it("deploys v1: its topic, connector and dataflow, each linked to the pipeline, audited", async () => {
    const deployed = await owner.pipelines.deploy.mutate({ pipelineId, yaml: v1 });
    expect(deployed).toMatchObject({ version: 1, plan: { remove: [], unchanged: [] } });
    expect(deployed.plan.deploy.sort()).toEqual(["pay", "pay-events"]);
    expect(deployed.diff.nodesAdded.map((n) => n.id).sort()).toEqual(["big", "big-view", "events"]);
    expect(await components()).toEqual({ pay: [0, "Pending", pipelineId], "pay-events": [0, "Pending", pipelineId] });
    expect((await owner.topics.list.query({ clusterId })).map((t) => t.name)).toContain("pay-events");
    const rows = await api.prisma.connector.findMany({ where: { clusterId } });
    const dataflow = await api.prisma.dataflow.findFirstOrThrow({ where: { clusterId } });
    expect(await jobs()).toEqual([`deploy-${rows[0]!.id}-0`, `deploy-${dataflow.id}-0`].sort());
    expect(await owner.pipelines.get.query({ pipelineId })).toMatchObject({ status: "Deploying", current: { version: 1, yaml: v1, deployedBy: "ada" } });
    const audit = await api.prisma.auditLog.findMany({ where: { targetId: pipelineId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["pipeline.create", "pipeline.save-draft", "pipeline.deploy"]);
  });

  it("a layout-only change is a new version that deploys nothing", async () => {
    const before = await jobs();
    const moved = await owner.pipelines.deploy.mutate({ pipelineId, yaml: testPipelineYaml("pay", { x: 300 }) });
    expect(moved).toMatchObject({ version: 2, plan: { deploy: [], remove: [] } });
    expect(moved.plan.unchanged.sort()).toEqual(["pay", "pay-events"]);
    expect(moved.diff).toEqual({ nodesAdded: [], nodesRemoved: [], nodesChanged: [], edgesAdded: [], edgesRemoved: [], settingsChanged: [] });
    expect(await components()).toEqual({ pay: [0, "Pending", pipelineId], "pay-events": [0, "Pending", pipelineId] });
    expect(await jobs()).toEqual(before);
  });

  it("a changed filter redeploys the dataflow only; diff shows it against any version", async () => {
    const v3 = testPipelineYaml("pay", { x: 300, threshold: 50 });
    const preview = await owner.pipelines.diff.query({ pipelineId, yaml: v3 });
    expect(preview).toMatchObject({ before: testPipelineYaml("pay", { x: 300 }), after: v3, plan: { deploy: ["pay"], remove: [] } });
    expect(preview.diff.nodesChanged.map((c) => c.id)).toEqual(["big"]);
    const changed = await owner.pipelines.deploy.mutate({ pipelineId, yaml: v3 });
    expect(changed).toMatchObject({ version: 3, plan: { deploy: ["pay"], remove: [], unchanged: ["pay-events"] } });
    expect(await components()).toEqual({ pay: [1, "Pending", pipelineId], "pay-events": [0, "Pending", pipelineId] });
    expect((await owner.pipelines.diff.query({ pipelineId, yaml: v3, against: 1 })).before).toBe(v1);
    expect(await codeOf(() => owner.pipelines.diff.query({ pipelineId, yaml: v3, against: 9 }))).toBe("NOT_FOUND");
  });

  it("restores v1 as a new version v4, deploying only what differs from v3", async () => {
    expect(await owner.pipelines.restore.mutate({ pipelineId, version: 1 })).toEqual({ version: 4 });
    expect(await components()).toEqual({ pay: [2, "Pending", pipelineId], "pay-events": [0, "Pending", pipelineId] });
    expect((await owner.pipelines.versions.query({ pipelineId })).map((v) => [v.version, v.restoredFrom, v.deployedBy])).toEqual([
      [4, 1, "ada"],
      [3, null, "ada"],
      [2, null, "ada"],
      [1, null, "ada"],
    ]);
    expect(await owner.pipelines.version.query({ pipelineId, version: 4 })).toEqual({ yaml: v1 });
    const audit = await api.prisma.auditLog.findFirstOrThrow({ where: { targetId: pipelineId, action: "pipeline.restore" } });
    expect(audit.metadata).toMatchObject({ version: 4, restoredFrom: 1, deployed: ["pay"], removed: [] });
  });

  it("two concurrent deploys of one pipeline get distinct versions", async () => {
    const [a, b] = await Promise.all([
      owner.pipelines.deploy.mutate({ pipelineId, yaml: testPipelineYaml("pay", { threshold: 70 }) }),
      owner.pipelines.deploy.mutate({ pipelineId, yaml: testPipelineYaml("pay", { threshold: 80 }) }),
    ]);
    expect([a.version, b.version].sort()).toEqual([5, 6]);
    // Whichever went second planned against the first: each changed the dataflow once.
    expect(a.plan.deploy).toEqual(["pay"]);
    expect(b.plan.deploy).toEqual(["pay"]);
    expect((await components()).pay).toEqual([4, "Pending", pipelineId]);
  });

  it("run view: counters and rates between the worker's observations, lag per edge, backpressure from lag growth", async () => {
    expect(await owner.pipelines.runView.query({ pipelineId })).toMatchObject({ observedAt: null, edges: { "events->big": { lag: null }, "big->big-view": { lag: null } } });
    const connector = await api.prisma.connector.findFirstOrThrow({ where: { clusterId, name: "pay-events" } });
    const dataflow = await api.prisma.dataflow.findFirstOrThrow({ where: { clusterId, name: "pay" } });
    const logTail = '{"level":50,"msg":"the target said no"}\n{"level":30,"msg":"fine"}\nnot json\n';
    const observe = async (at: number, read: number, lag: number, big: [number, number]) => {
      const metrics = { recordsIn: read + lag, recordsOut: read + lag, recordsInPerSecond: 5, recordsOutPerSecond: 5, errors: 1, deadLettered: 2 };
      await api.prisma.connector.update({ where: { id: connector.id }, data: { status: "Running", observedAt: new Date(at), metrics, logTail } });
      const runtimeStatus = {
        name: "pay",
        state: "running",
        updatedAt: new Date(at).toISOString(),
        sources: [{ id: "events", topic: "pay-events", partitions: [{ partition: 0, offset: read, highWatermark: read + lag, lag }] }],
        operators: [{ id: "big", kind: "filter", recordsIn: big[0], recordsOut: big[1], watermark: null, stateEntries: 0, lateDropped: 0, errors: 3 }],
        views: ["big-view"],
      };
      await api.prisma.dataflow.update({ where: { id: dataflow.id }, data: { status: "Running", observedAt: new Date(at), runtimeStatus } });
    };
    const t0 = Date.parse("2026-12-07T20:00:00.000Z");
    await observe(t0, 100, 0, [100, 10]);
    const first = await owner.pipelines.runView.query({ pipelineId });
    expect(first).toEqual({
      observedAt: "2026-12-07T20:00:00.000Z",
      nodes: {
        events: { recordsIn: 100, recordsOut: 100, recordsInPerSec: 5, recordsOutPerSec: 5, errors: 1, deadLetters: 2, backpressure: "ok", recentErrors: ["the target said no"] },
        big: { recordsIn: 100, recordsOut: 10, recordsInPerSec: 0, recordsOutPerSec: 0, errors: 3, deadLetters: 0, backpressure: "ok", recentErrors: [] },
        "big-view": { recordsIn: 10, recordsOut: 10, recordsInPerSec: 0, recordsOutPerSec: 0, errors: 0, deadLetters: 0, backpressure: "ok", recentErrors: [] },
      },
      edges: { "events->big": { lag: 0 }, "big->big-view": { lag: null } },
    });
    expect((await owner.pipelines.get.query({ pipelineId })).status).toBe("Running");

    // 10 s later the filter took 200 more while 400 piled up behind it: 400 / 600 of what arrived is over LOW's 0.5.
    await observe(t0 + 10_000, 300, 400, [300, 30]);
    const second = await owner.pipelines.runView.query({ pipelineId });
    expect(second.nodes.big).toMatchObject({ recordsInPerSec: 20, recordsOutPerSec: 2, backpressure: "high" });
    expect(second.nodes["big-view"]).toMatchObject({ recordsIn: 30, recordsInPerSec: 2 });
    expect(second.edges["events->big"]).toEqual({ lag: 400 });
    // Looking again before the worker's next observation gives the same answer.
    expect(await owner.pipelines.runView.query({ pipelineId })).toEqual(second);
    await observe(t0 + 20_000, 700, 500, [700, 70]);
    expect((await owner.pipelines.runView.query({ pipelineId })).nodes.big).toMatchObject({ recordsInPerSec: 40, backpressure: "low" });

    await api.prisma.connector.update({ where: { id: connector.id }, data: { status: "Failed", statusReason: "The target refused the login." } });
    expect(await owner.pipelines.get.query({ pipelineId })).toMatchObject({ status: "Failed", statusReason: "pay-events: The target refused the login." });
    expect((await owner.pipelines.runView.query({ pipelineId })).nodes.events?.recentErrors).toEqual(["The target refused the login.", "the target said no"]);
  });

  it("answers another org with NOT_FOUND", async () => {
    expect(await codeOf(() => other.pipelines.get.query({ pipelineId }))).toBe("NOT_FOUND");
    expect(await codeOf(() => other.pipelines.deploy.mutate({ pipelineId, yaml: v1 }))).toBe("NOT_FOUND");
    expect(await codeOf(() => other.pipelines.restore.mutate({ pipelineId, version: 1 }))).toBe("NOT_FOUND");
    expect(await codeOf(() => other.pipelines.runView.query({ pipelineId }))).toBe("NOT_FOUND");
    expect(await codeOf(() => other.pipelines.create.mutate({ clusterId, yaml: v1 }))).toBe("NOT_FOUND");
    expect(await other.pipelines.list.query({})).toEqual([]);
  });

  it("deletes (admins): its components Deleting with their jobs, its name free again", async () => {
    const dataflow = await api.prisma.dataflow.findFirstOrThrow({ where: { clusterId, name: "pay" } });
    expect(await owner.pipelines.delete.mutate({ pipelineId })).toEqual({ pipelineId });
    expect(await components()).toEqual({ pay: [5, "Deleting", pipelineId], "pay-events": [1, "Deleting", pipelineId] });
    expect(await jobs()).toContain(`delete-${dataflow.id}-5`);
    expect(await owner.pipelines.list.query({ clusterId })).toEqual([]);
    expect((await owner.pipelines.get.query({ pipelineId })).status).toBe("Deleted");
    expect(await codeOf(() => owner.pipelines.deploy.mutate({ pipelineId, yaml: v1 }))).toBe("BAD_REQUEST");
    const again = (await owner.pipelines.create.mutate({ clusterId, yaml: v1 })).pipelineId;
    expect(again).not.toBe(pipelineId);
    // Its old components are still on their way out.
    expect(await codeOf(() => owner.pipelines.deploy.mutate({ pipelineId: again, yaml: v1 }))).toBe("BAD_REQUEST");
    expect(await api.prisma.auditLog.count({ where: { targetId: pipelineId, action: "pipeline.delete" } })).toBe(1);
  });
});
