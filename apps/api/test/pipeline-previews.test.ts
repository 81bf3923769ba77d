/*
 * pipelinePreviews.* against a real tenant cluster: a preview runs the document on the topic's live
 * records and writes nothing, stays in its org, is capped per org and goes away when it ends.
 */
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";
import { provisionLikeTheWorker } from "./support/tenant-cluster.js";
import { ordersPipelineYaml } from "./support/test-pipelines.js";

let api: TestApi;
let owner: Client;
let other: Client;
let clusterId: string;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>>;

async function failure(call: () => Promise<unknown>): Promise<[string, string]> {
  try {
    await call();
  } catch (error) {
    if (error instanceof TRPCClientError) return [(error.data as { code: string }).code, error.message];
    throw error;
  }
  throw new Error("the call succeeded");
}

type Snapshot = Awaited<ReturnType<Client["pipelinePreviews"]["poll"]["query"]>>;

async function pollUntil(previewId: string, done: (s: Snapshot) => boolean, timeoutMs = 30_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = await owner.pipelinePreviews.poll.query({ previewId });
    if (done(snapshot)) return snapshot;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(snapshot)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  api = await startTestApi();
  owner = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await owner.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await owner.orgs.setActive.mutate({ organizationId: org.id });
  clusterId = (await owner.clusters.create.mutate({ name: "main", region: "local", plan: "free" })).id;
  tenant = await provisionLikeTheWorker(api.prisma, clusterId);
  await owner.topics.create.mutate({ clusterId, name: "orders", partitions: 1 });
  for (const value of ["a", "bb", "ccc"]) await owner.topics.produce.mutate({ clusterId, topic: "orders", value });
  other = trpcClient(api, { cookie: await signUp(api, "eve@example.com") });
  const evil = await other.orgs.create.mutate({ name: "Evil", slug: "evil" });
  await other.orgs.setActive.mutate({ organizationId: evil.id });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await tenant?.stopAll();
});

describe("pipelinePreviews", () => {
  it("previews a pipeline on the topic's records, pauses, resumes and stops, writing no sink", async () => {
    const { previewId } = await owner.pipelinePreviews.start.mutate({ clusterId, yaml: ordersPipelineYaml("orders") });
    expect(previewId).toMatch(/^prv_[0-9a-f]{24}$/);
    try {
      const seen = await pollUntil(previewId, (s) => s.records === 3 && s.nodes["big-orders"]?.inCount === 2);
      expect(seen.state).toBe("running");
      expect(seen.nodes["orders"]!.in.map((s) => s.value)).toEqual(["a", "bb", "ccc"]);
      expect(seen.nodes["big"]!.out.map((s) => s.value)).toEqual(["bb", "ccc"]);
      expect(seen.nodes["to-topic"]).toMatchObject({ inCount: 2, outCount: 2 });

      expect((await owner.pipelinePreviews.pause.mutate({ previewId })).state).toBe("paused");
      expect((await owner.pipelinePreviews.resume.mutate({ previewId })).state).toBe("running");
      await owner.topics.produce.mutate({ clusterId, topic: "orders", value: "dddd" });
      await pollUntil(previewId, (s) => s.records === 4);
      const stopped = await owner.pipelinePreviews.stop.mutate({ previewId });
      expect(stopped).toMatchObject({ state: "stopped", reason: "stopped", records: 4 });
      // An ended preview still answers how it ended.
      expect(await owner.pipelinePreviews.poll.query({ previewId })).toEqual(stopped);
      expect((await owner.topics.list.query({ clusterId })).map((t) => t.name)).not.toContain("big-orders");
      const audit = await owner.audit.list.query({});
      expect(audit.entries.filter((e) => e.target === `pipeline-preview:${previewId}`).map((e) => e.action)).toEqual([
        "pipeline-preview.stop",
        "pipeline-preview.resume",
        "pipeline-preview.pause",
        "pipeline-preview.start",
      ]);
    } finally {
      await owner.pipelinePreviews.stop.mutate({ previewId });
    }
  }, 60_000);

  it("answers another org with NOT_FOUND for the cluster and for the preview", async () => {
    const { previewId } = await owner.pipelinePreviews.start.mutate({ clusterId, yaml: ordersPipelineYaml("mine") });
    try {
      expect((await failure(() => other.pipelinePreviews.start.mutate({ clusterId, yaml: ordersPipelineYaml("theirs") })))[0]).toBe("NOT_FOUND");
      for (const call of [
        () => other.pipelinePreviews.poll.query({ previewId }),
        () => other.pipelinePreviews.pause.mutate({ previewId }),
        () => other.pipelinePreviews.resume.mutate({ previewId }),
        () => other.pipelinePreviews.stop.mutate({ previewId }),
      ])
        expect(await failure(call)).toEqual(["NOT_FOUND", "No such preview: it may have ended a while ago."]);
      expect((await owner.pipelinePreviews.poll.query({ previewId })).state).toBe("running");
    } finally {
      await owner.pipelinePreviews.stop.mutate({ previewId });
    }
  });

  it("runs at most two previews per org, refuses an invalid document or a missing SmartModule in a sentence, and stops itself at maxSeconds", async () => {
    const first = await owner.pipelinePreviews.start.mutate({ clusterId, yaml: ordersPipelineYaml("one"), maxSeconds: 2 });
    const second = await owner.pipelinePreviews.start.mutate({ clusterId, yaml: ordersPipelineYaml("two") });
    expect(await failure(() => owner.pipelinePreviews.start.mutate({ clusterId, yaml: ordersPipelineYaml("three") }))).toEqual([
      "PRECONDITION_FAILED",
      "At most 2 previews run at once in an organization; stop one first.",
    ]);
    expect(api.api.services.previews.runningCount(await orgIdOf(owner))).toBe(2);
    const ended = await pollUntil(first.previewId, (s) => s.state === "done");
    expect(ended.reason).toBe("ran for 2 s");
    // The ended one frees its slot once its consumer is closed, a moment after it reports done.
    const orgId = await orgIdOf(owner);
    await expect.poll(() => api.api.services.previews.runningCount(orgId), { timeout: 15_000 }).toBe(1);
    const third = await owner.pipelinePreviews.start.mutate({ clusterId, yaml: ordersPipelineYaml("three") });
    await owner.pipelinePreviews.stop.mutate({ previewId: second.previewId });
    await owner.pipelinePreviews.stop.mutate({ previewId: third.previewId });

    expect(await failure(() => owner.pipelinePreviews.start.mutate({ clusterId, yaml: "kind: Pipeline\nname: x\n" }))).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/^The pipeline cannot run: line \d+: .+\.$/),
    ]);
    const missing = ordersPipelineYaml("sm").replace("filter: 'size(_record) > 1'", "filter: { smartmodule: hot-filter }");
    expect(await failure(() => owner.pipelinePreviews.start.mutate({ clusterId, yaml: missing }))).toEqual([
      "BAD_REQUEST",
      "The pipeline cannot run: operators.big.filter.smartmodule: the SmartModule hot-filter is not loaded in the cluster (load it with freshet sm load).",
    ]);
    expect(api.api.services.previews.runningCount(await orgIdOf(owner))).toBe(0);
  }, 60_000);
});

async function orgIdOf(client: Client): Promise<string> {
  return (await client.me.get.query()).activeOrganizationId!;
}
