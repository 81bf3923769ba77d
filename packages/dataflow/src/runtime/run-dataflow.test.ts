/*
 * The dataflow runtime in this process against a real broker: records in, outputs in the sink
 * topic with their ids, views over HTTP (by key, by range, last N) and as Server-Sent Events,
 * a restart that writes nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViewRow } from "../graph/contract.js";
import type { DataflowSpec } from "../spec/dataflow-spec.js";
import { CountingGraph } from "./test-support/counting-graph.js";
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

describe("the dataflow runtime (test graph)", () => {
  it("passes records through, keeps the view and writes nothing twice after a restart", async () => {
    await cluster.client.admin.createTopics([{ name: "plain-in", partitions: 3 }]);
    const send = (from: number, to: number) =>
      cluster.client.producer().send(
        "plain-in",
        Array.from({ length: to - from }, (_, i) => ({ key: `k${((from + i) % 5).toString()}`, value: JSON.stringify({ n: from + i }) })),
      );
    await send(0, 500);
    const document = { apiVersion: "freshet.io/v1", kind: "Dataflow", name: "plain", cluster: { bootstrap: cluster.bootstrap }, checkpoint: { interval: "100ms" }, sources: { events: { topic: "plain-in" } }, sinks: { out: { from: "events", topic: "plain-out" }, counts: { from: "events", view: {} } } };
    const compile = (spec: DataflowSpec) => new CountingGraph(spec);
    let dataflow = await workspace.start(document, { compile });
    const until = (n: number) => cluster.readAtLeast("plain-out", n);
    expect((await until(500)).length).toBe(500);
    const rows = await getJson<{ rows: ViewRow[] }>(dataflow.port, "/views/counts?key=k1");
    expect(rows.body.rows.map((r) => r.value)).toEqual([{ count: 100 }]);
    await dataflow.close();
    await send(500, 700);
    dataflow = await workspace.start(document, { compile });
    const out = await until(700);
    expect(new Set(out.map((o) => o.id)).size).toBe(700);
    expect(out.length).toBe(700);
    const changes = await readChanges(dataflow.port, "/views/counts/changes?key=k2", (seen) => seen.some((r) => r.value["count"] === 140));
    expect(changes.at(-1)?.value).toEqual({ count: 140 });
    await dataflow.close();
  });
});
