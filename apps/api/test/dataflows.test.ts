import { TRPCClientError } from "@trpc/client";
import { startFakeDataflowProcess, type FakeDataflowProcess } from "@freshet/control-plane/internal/fake-dataflow-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";
import { runningStatus, stockDataflowYaml, stockRow } from "./support/test-dataflows.js";

let api: TestApi;
let owner: Client;
let ownerCookie: string;
let otherCookie: string;
let clusterId: string;
let dataflowId: string;
let process: FakeDataflowProcess;

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
    .filter((job) => job.name.endsWith("-dataflow"))
    .map((job) => job.id)
    .sort();

/** Reads server-sent events from GET /api/views/changes until `count` rows came, then hangs up. */
async function followView(query: string, cookie: string, count: number, onOpen: () => void = () => undefined): Promise<unknown[]> {
  const abort = new AbortController();
  const response = await fetch(`${api.url}/api/views/changes?${query}`, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
  if (response.status !== 200) return [response.status, await response.json()];
  onOpen();
  const rows: unknown[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body!) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
      const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
      buffer = buffer.slice(end + 2);
      if (data !== undefined) rows.push(JSON.parse(data));
    }
    if (rows.length >= count) break;
  }
  abort.abort();
  return rows;
}

beforeAll(async () => {
  api = await startTestApi();
  ownerCookie = await signUp(api, "ada@example.com");
  owner = trpcClient(api, { cookie: ownerCookie });
  const org = await owner.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await owner.orgs.setActive.mutate({ organizationId: org.id });
  clusterId = (await owner.clusters.create.mutate({ name: "main", region: "local", plan: "free" })).id;
  otherCookie = await signUp(api, "eve@example.com");
  const other = trpcClient(api, { cookie: otherCookie });
  await other.orgs.setActive.mutate({ organizationId: (await other.orgs.create.mutate({ name: "Evil", slug: "evil" })).id });
  process = await startFakeDataflowProcess(runningStatus("movers"), [stockRow("apple", 0, 3, 3), stockRow("apple", 1, 5, 2), stockRow("pear", 1, 1, 1)]);
}, 60_000);

afterAll(async () => {
  await process?.close();
  await api?.close();
});

describe("dataflows router", () => {
  it("validates a document: each problem with its path, line and column", async () => {
    expect(await owner.dataflows.validate.query({ yaml: stockDataflowYaml("movers") })).toEqual({ ok: true, name: "movers", errors: [] });
    const broken = stockDataflowYaml("movers").replace("step: 1m", "step: soon");
    expect(await owner.dataflows.validate.query({ yaml: broken })).toEqual({
      ok: false,
      name: null,
      errors: [expect.objectContaining({ path: ["operators", "movers", "stock", "step"], line: 12, message: expect.stringMatching(/^operators\.movers\.stock\.step: /) as unknown })],
    });
    const withCluster = `${stockDataflowYaml("movers")}cluster:\n  bootstrap: 10.0.0.1:9092\n`;
    expect((await owner.dataflows.validate.query({ yaml: withCluster })).errors).toEqual([
      { path: ["cluster"], line: 19, column: 1, message: "cluster: leave it out; the cloud connects the dataflow to its cluster with a login of its own" },
    ]);
  });

  it("deploys on a Running cluster only, then creates the dataflow or replaces its document", async () => {
    expect(await failure(() => owner.dataflows.deploy.mutate({ clusterId, yaml: stockDataflowYaml("movers") }))).toEqual([
      "PRECONDITION_FAILED",
      "The cluster is Pending; dataflows can be deployed once it is Running.",
    ]);
    await api.prisma.cluster.update({ where: { id: clusterId }, data: { status: "Running", bootstrapHost: "127.0.0.1", bootstrapPort: 9 } });
    expect(await failure(() => owner.dataflows.deploy.mutate({ clusterId, yaml: stockDataflowYaml("movers").replace("from: movers", "from: nowhere") }))).toEqual([
      "BAD_REQUEST",
      "The dataflow document is not valid: line 18: sinks.product-stock.from: no source or operator named nowhere.",
    ]);
    const created = await owner.dataflows.deploy.mutate({ clusterId, yaml: stockDataflowYaml("movers") });
    dataflowId = created.id;
    expect(created).toMatchObject({ name: "movers", status: "Pending", created: true, runtime: null });
    const updated = await owner.dataflows.deploy.mutate({ clusterId, yaml: `# tuned\n${stockDataflowYaml("movers")}` });
    expect(updated).toMatchObject({ id: dataflowId, created: false, document: `# tuned\n${stockDataflowYaml("movers")}` });
    expect(await jobs()).toEqual([`deploy-${dataflowId}-0`, `deploy-${dataflowId}-1`]);
    expect((await owner.dataflows.list.query({ clusterId })).map((d) => d.name)).toEqual(["movers"]);
    expect((await owner.dataflows.get.query({ clusterId, name: "movers" })).id).toBe(dataflowId);
  });

  it("answers status from the process while it runs, else from the worker's last copy", async () => {
    expect(await owner.dataflows.status.query({ dataflowId })).toMatchObject({ live: false, runtime: null });
    await api.prisma.dataflow.update({ where: { id: dataflowId }, data: { status: "Running", endpoint: process.endpoint, runtimeStatus: { ...runningStatus("movers"), operators: [] } } });
    const live = await owner.dataflows.status.query({ clusterId, name: "movers" });
    expect(live).toMatchObject({ live: true, status: "Running", runtime: { state: "running", operators: [{ id: "movers", recordsIn: 40, recordsOut: 6, watermark: 120_000, stateEntries: 4 }] } });
    expect(live.runtime?.sources[0]?.partitions[0]?.lag).toBe(2);
    await api.prisma.dataflow.update({ where: { id: dataflowId }, data: { endpoint: "127.0.0.1:9" } });
    expect(await owner.dataflows.status.query({ dataflowId })).toMatchObject({ live: false, runtime: { state: "running", operators: [] } });
    await api.prisma.dataflow.update({ where: { id: dataflowId }, data: { endpoint: process.endpoint } });
  });

  it("lists the cluster's views with their shape and queries them through the process", async () => {
    expect(await owner.views.list.query({ clusterId })).toEqual([{ name: "product-stock", dataflowId, dataflow: "movers", from: "movers", shape: "stock", queryable: true }]);
    const byKey = await owner.views.query.query({ clusterId, view: "product-stock", key: "apple", last: 1 });
    expect(byKey).toMatchObject({ view: "product-stock", dataflow: "movers", shape: "stock" });
    expect(byKey.rows.map((r) => [r.key, r.windowStart])).toEqual([["apple", 60_000]]);
    expect((await owner.views.query.query({ clusterId, view: "product-stock", from: "b", to: "z" })).rows.map((r) => r.key)).toEqual(["pear"]);
    expect(await failure(() => owner.views.query.query({ clusterId, view: "nope" }))).toEqual(["NOT_FOUND", "No such view in this organization."]);
  });

  it("streams a view's changes over SSE to the org's members only", async () => {
    const rows = await followView(`clusterId=${clusterId}&view=product-stock&key=apple`, ownerCookie, 3, () => setTimeout(() => process.upsert(stockRow("apple", 2, 9, 4)), 50));
    expect(rows.map((r) => (r as { windowStart: number }).windowStart)).toEqual([0, 60_000, 120_000]);
    expect(await followView(`clusterId=${clusterId}&view=product-stock`, otherCookie, 1)).toEqual([
      404,
      { error: { message: "No such cluster in this organization.", data: { code: "NOT_FOUND", httpStatus: 404 } } },
    ]);
    expect(await followView(`clusterId=${clusterId}&view=product-stock`, "", 1)).toEqual([401, expect.anything()]);
  });

  it("deletes a dataflow: Deleting, its views gone from the list, a delete job", async () => {
    expect(await owner.dataflows.delete.mutate({ clusterId, name: "movers" })).toMatchObject({ status: "Deleting" });
    expect(await owner.views.list.query({ clusterId })).toEqual([]);
    expect(await jobs()).toContain(`delete-${dataflowId}-2`);
    expect(await failure(() => owner.dataflows.deploy.mutate({ clusterId, yaml: stockDataflowYaml("movers") }))).toEqual([
      "BAD_REQUEST",
      'The dataflow "movers" is being deleted; deploy it again once it is gone.',
    ]);
  });
});
