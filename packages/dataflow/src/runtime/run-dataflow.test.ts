/*
 * The dataflow runtime in this process against a real broker: JSON events in, window results and
 * pass-through records in the sink topics with their ids, the view over HTTP (by key, by key
 * range, last N) and as Server-Sent Events; a restart that writes nothing twice.
 */
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViewRow } from "../graph/contract.js";
import type { DataflowSpec } from "../spec/dataflow-spec.js";
import { readStatusFile, type DataflowStatus } from "./status-file.js";
import { CountingGraph } from "./test-support/counting-graph.js";
import { HoldingGraph } from "./test-support/holding-graph.js";
import { DataflowWorkspace, getJson, readChanges, TestCluster } from "./test-support/dataflow-harness.js";

let cluster: TestCluster;
let workspace: DataflowWorkspace;

beforeAll(async () => {
  cluster = await TestCluster.start();
  workspace = await DataflowWorkspace.create();
});

afterAll(async () => {
  await cluster?.stop();
  await workspace?.remove();
});

/** Polls GET /status until `done` holds for it. */
async function readUntil(port: number, done: (status: DataflowStatus) => boolean, timeoutMs = 20_000): Promise<DataflowStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await getJson<DataflowStatus>(port, "/status");
    if (done(body)) return body;
    if (Date.now() > deadline) throw new Error(`timed out; last status: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const PAGES = ["a", "b", "c", "d", "e"];
const click = (page: string, second: number) => ({ key: page, value: JSON.stringify({ page, at: second * 1_000, ms: second }) });

describe("the dataflow runtime", () => {
  it("writes window results and records to topics and serves the view by key, range, last N and as events", async () => {
    await cluster.client.admin.createTopics([{ name: "clicks", partitions: 2 }]);
    // Every page once a second for 60 s: windows [0,10) … [40,50) close (the watermark is at 59 s), [50,60) stays open.
    await cluster.client.producer().send("clicks", Array.from({ length: 60 }, (_, s) => PAGES.map((page) => click(page, s))).flat());
    const document = {
      apiVersion: "freshet.io/v1",
      kind: "Dataflow",
      name: "pages",
      cluster: { bootstrap: cluster.bootstrap },
      sources: { clicks: { topic: "clicks", key: "page", eventTime: "at" } },
      operators: { "per-page": { from: "clicks", aggregate: { window: { tumbling: { size: "10s" } }, fields: { clicks: { count: true }, total: { sum: "ms" } } } } },
      sinks: { windows: { from: "per-page", topic: "page-windows" }, copy: { from: "clicks", topic: "clicks-copy" }, recent: { from: "per-page", view: { retainWindows: 3 } } },
    };
    const dataflow = await workspace.start(document);
    try {
      const windows = await cluster.readAtLeast("page-windows", 25);
      expect(windows).toHaveLength(25);
      expect(windows.find((w) => w.id === "per-page:b:20000")).toMatchObject({ key: "b", value: { key: "b", windowStart: 20_000, windowEnd: 30_000, clicks: 10, total: 245 } });
      const copies = await cluster.readAtLeast("clicks-copy", 300);
      expect(new Set(copies.map((c) => c.id)).size).toBe(300);

      const byKey = await getJson<{ rows: ViewRow[] }>(dataflow.port, "/views/recent?key=a");
      expect(byKey.body.rows.map((r) => [r.windowStart, r.closed, r.value["clicks"]])).toEqual([
        [30_000, true, 10],
        [40_000, true, 10],
        [50_000, false, 10],
      ]);
      const last = await getJson<{ rows: ViewRow[] }>(dataflow.port, "/views/recent?last=1&from=b&to=c");
      expect(last.body.rows.map((r) => [r.key, r.windowStart])).toEqual([
        ["b", 50_000],
        ["c", 50_000],
      ]);
      expect((await getJson(dataflow.port, "/views")).body).toEqual([{ name: "recent", rows: 15 }]);
      expect(await getJson(dataflow.port, "/views/nope")).toEqual({ status: 404, body: { error: "no view named nope" } });

      // The stream starts with the current rows of the key, then carries each update.
      let sent: Promise<unknown> | undefined;
      const rows = await readChanges(dataflow.port, "/views/recent/changes?key=a", (seen) => {
        // Once the current rows came, one more click updates the open window.
        if (seen.length === 3) sent ??= cluster.client.producer().send("clicks", [click("a", 59)]);
        return seen.length >= 4;
      });
      await sent;
      expect(rows.slice(0, 3).map((r) => r.windowStart)).toEqual([30_000, 40_000, 50_000]);
      expect(rows[3]).toMatchObject({ key: "a", windowStart: 50_000, closed: false, value: { clicks: 11 } });

      const status = await getJson<DataflowStatus>(dataflow.port, "/status");
      expect(status.body).toMatchObject({ name: "pages", state: "running", views: ["recent"] });
      expect(status.body.sources[0]?.partitions.reduce((sum, p) => sum + p.offset, 0)).toBe(301);
      expect(status.body.operators.find((o) => o.id === "per-page")?.recordsIn).toBe(301);
      const file = await readStatusFile(join(workspace.dir, "pages-data"));
      expect(file?.name).toBe("pages");
    } finally {
      await dataflow.close();
    }
  });

  it("restarted, restores its state and views and writes nothing twice (test graph)", async () => {
    await cluster.client.admin.createTopics([{ name: "plain-in", partitions: 3 }]);
    const send = (from: number, to: number) =>
      cluster.client.producer().send(
        "plain-in",
        Array.from({ length: to - from }, (_, i) => ({ key: `k${((from + i) % 5).toString()}`, value: JSON.stringify({ n: from + i }) })),
      );
    await send(0, 500);
    const document = {
      apiVersion: "freshet.io/v1",
      kind: "Dataflow",
      name: "plain",
      cluster: { bootstrap: cluster.bootstrap },
      checkpoint: { interval: "100ms" },
      sources: { events: { topic: "plain-in" } },
      sinks: { out: { from: "events", topic: "plain-out" }, counts: { from: "events", view: {} } },
    };
    const compile = (spec: DataflowSpec) => new CountingGraph(spec);
    let dataflow = await workspace.start(document, { compile });
    expect(await cluster.readAtLeast("plain-out", 500)).toHaveLength(500);
    expect((await getJson<{ rows: ViewRow[] }>(dataflow.port, "/views/counts?key=k1")).body.rows.map((r) => r.value)).toEqual([{ count: 100 }]);
    await dataflow.close();
    await send(500, 700);
    dataflow = await workspace.start(document, { compile });
    try {
      const out = await cluster.readAtLeast("plain-out", 700);
      expect(out).toHaveLength(700);
      expect(new Set(out.map((o) => o.id)).size).toBe(700);
      const changes = await readChanges(dataflow.port, "/views/counts/changes?key=k2", (seen) => seen.some((r) => r.value["count"] === 140));
      expect(changes.at(-1)?.value).toEqual({ count: 140 });
    } finally {
      await dataflow.close();
    }
  });

  it("keeps skipping outputs a previous run wrote across a second restart, before they are re-emitted", async () => {
    await cluster.client.admin.createTopics([{ name: "held-in", partitions: 1 }]);
    await cluster.client.producer().send(
      "held-in",
      Array.from({ length: 10 }, (_, n) => ({ value: JSON.stringify({ n }) })),
    );
    const document = (interval: string) => ({
      apiVersion: "freshet.io/v1",
      kind: "Dataflow",
      name: "held",
      cluster: { bootstrap: cluster.bootstrap },
      checkpoint: { interval },
      sources: { events: { topic: "held-in" } },
      sinks: { out: { from: "events", topic: "held-out" } },
    });
    const state = join(workspace.dir, "held-data", "state");
    // Run 1 writes the 10 outputs after its first checkpoint, then "dies": only that checkpoint survives.
    let dataflow = await workspace.start(document("1h"), { compile: () => new HoldingGraph("out", 100) });
    expect(await cluster.readAtLeast("held-out", 10)).toHaveLength(10);
    await cp(state, `${state}-crashed`, { recursive: true });
    await dataflow.close();
    await rm(state, { recursive: true });
    await cp(`${state}-crashed`, state, { recursive: true });
    // Run 2 re-reads the records and holds them; it checkpoints (sinks' ends past the 10 ids) and stops before re-emitting them.
    dataflow = await workspace.start(document("100ms"), { compile: () => new HoldingGraph("out", 60_000) });
    await readUntil(dataflow.port, (status) => status.state === "running" && status.operators[0]?.stateEntries === 10);
    await dataflow.close();
    // Run 3 re-emits them: still skipped. Closing waits until what it sent is acknowledged.
    dataflow = await workspace.start(document("100ms"), { compile: () => new HoldingGraph("out", 0) });
    await readUntil(dataflow.port, (status) => status.state === "running" && status.operators[0]?.stateEntries === 0);
    await dataflow.close();
    const out = await cluster.readAll("held-out");
    expect(out.map((o) => o.id).sort()).toEqual(Array.from({ length: 10 }, (_, n) => `events:0:${n.toString()}:0`).sort());
  });

  it("refuses a document whose SmartModule file is missing, naming the line and field", async () => {
    const document = {
      apiVersion: "freshet.io/v1",
      kind: "Dataflow",
      name: "modules",
      cluster: { bootstrap: cluster.bootstrap },
      sources: { events: { topic: "plain-in" } },
      operators: { big: { from: "events", filter: { smartmodule: "missing.wasm" } } },
      sinks: { out: { from: "big", topic: "modules-out" } },
    };
    const configPath = join(workspace.dir, "modules.yaml");
    const refused = await workspace.start(document).then(
      () => "started",
      (error: unknown) => (error as Error).message,
    );
    const line = (await readFile(configPath, "utf8")).split("\n").findIndex((l) => l.includes("smartmodule: missing.wasm")) + 1;
    expect(refused).toBe(`${configPath}:${line.toString()}: operators.big.filter.smartmodule: cannot read the SmartModule ${join(workspace.dir, "missing.wasm")} (ENOENT)`);
  });

  it("runs a SmartModule step from a .wasm next to the document", async () => {
    await writeFile(join(workspace.dir, "json-filter.wasm"), (await buildSmartModule(examplePath("json-filter"))).wasm);
    await cluster.client.admin.createTopics([{ name: "visits", partitions: 1 }]);
    await cluster.client.producer().send(
      "visits",
      ["PT", "ES", "PT", "FR"].map((country, n) => ({ value: JSON.stringify({ n, country }) })),
    );
    const document = {
      apiVersion: "freshet.io/v1",
      kind: "Dataflow",
      name: "portugal",
      cluster: { bootstrap: cluster.bootstrap },
      sources: { visits: { topic: "visits" } },
      operators: { pt: { from: "visits", filter: { smartmodule: "json-filter.wasm", params: { field: "country", value: "PT" } } } },
      sinks: { out: { from: "pt", topic: "visits-pt" } },
    };
    const dataflow = await workspace.start(document);
    try {
      const out = await cluster.readAtLeast("visits-pt", 2);
      expect(out.map((o) => [o.id, o.value])).toEqual([
        ["visits:0:0:0", { n: 0, country: "PT" }],
        ["visits:0:2:0", { n: 2, country: "PT" }],
      ]);
    } finally {
      await dataflow.close();
    }
  }, 60_000);

  it("runs a SmartModule step loaded in the cluster by name, and names one that is not loaded", async () => {
    await cluster.client.admin.loadSmartModule("country-filter", "1.0.0", (await buildSmartModule(examplePath("json-filter"))).wasm);
    await cluster.client.admin.createTopics([{ name: "orders", partitions: 1 }]);
    await cluster.client.producer().send(
      "orders",
      ["ES", "PT", "ES"].map((country, n) => ({ value: JSON.stringify({ n, country }) })),
    );
    const document = (module: string) => ({
      apiVersion: "freshet.io/v1",
      kind: "Dataflow",
      name: "spain",
      cluster: { bootstrap: cluster.bootstrap },
      sources: { orders: { topic: "orders" } },
      operators: { es: { from: "orders", filter: { smartmodule: module, params: { field: "country", value: "ES" } } } },
      sinks: { out: { from: "es", topic: "orders-es" } },
    });
    const refused = await workspace.start(document("hot-filter")).then(
      () => "started",
      (error: unknown) => (error as Error).message,
    );
    const configPath = join(workspace.dir, "spain.yaml");
    const line = (await readFile(configPath, "utf8")).split("\n").findIndex((l) => l.includes("smartmodule: hot-filter")) + 1;
    expect(refused).toBe(`${configPath}:${line.toString()}: operators.es.filter.smartmodule: the SmartModule hot-filter is not loaded in the cluster (load it with freshet sm load)`);

    const dataflow = await workspace.start(document("country-filter@1.0.0"));
    try {
      const out = await cluster.readAtLeast("orders-es", 2);
      expect(out.map((o) => [o.id, o.value])).toEqual([
        ["orders:0:0:0", { n: 0, country: "ES" }],
        ["orders:0:2:0", { n: 2, country: "ES" }],
      ]);
    } finally {
      await dataflow.close();
    }
  }, 60_000);
});
