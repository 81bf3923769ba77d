/*
 * A dataflow on the real runtime (apps/spu-worker's built `--role dataflow`) beside a real local
 * cluster: the worker deploys an entity-as-a-stock document with the dataflow's own login, the
 * process reads events a tenant produced, and its view answers on the endpoint the worker
 * recorded; killed, it is started again by reconcile and its view is still there.
 */
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { newId } from "@freshet/db/ids";
import { fetchDataflowStatus, fetchViewRows } from "@freshet/control-plane/dataflows/dataflow-process";
import { isAlive } from "@freshet/spu-worker/launch";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ProvisioningWorker } from "../src/provisioning-worker.js";
import { CONTROL_PLANE_SECRET, createFixture, REDIS_URL, type Fixture } from "./support/fixture.js";

let fx: Fixture;
let worker: ProvisioningWorker;
let client: FreshetClient;
let clusterId: string;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs.toString()} ms`);
    await sleep(200);
  }
}

const DOCUMENT = `apiVersion: freshet.io/v1
kind: Dataflow
name: movers # products as stocks
sources:
  events:
    topic: product-events
    key: product
    eventTime: at
operators:
  movers:
    from: events
    stock:
      step: 10s
      measures:
        orders: { count: kind == "order" }
        reviews: { count: kind == "review" }
      correlate: [orders, reviews]
sinks:
  product-stock: { from: movers, view: {} }
`;

beforeAll(async () => {
  fx = await createFixture();
  worker = await ProvisioningWorker.start({
    redisUrl: REDIS_URL,
    queueName: fx.queueName,
    prisma: fx.prisma,
    provisioner: fx.driver,
    connectorHost: fx.driver.connectors,
    dataflowHost: fx.driver.dataflows,
    controlPlaneSecret: CONTROL_PLANE_SECRET,
    logger: pino({ level: "silent" }),
  });
  clusterId = await fx.createCluster(1);
  await fx.addCredential(clusterId, "shop", "shop-password");
  await fx.queue.enqueue("provision-cluster", { clusterId });
  await fx.waitForStatus(clusterId, "Running", 60_000);
  const cluster = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
  client = createClient({ bootstrap: `127.0.0.1:${String(cluster.bootstrapPort)}`, sasl: { mechanism: "scram-sha-256", username: "shop", password: "shop-password" } });
  await client.admin.createTopics([{ name: "product-events", partitions: 1 }]);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await worker?.close();
  await fx?.close();
});

it("runs a stock dataflow: its view answers on the recorded endpoint, and survives the process's death", async () => {
  const event = (product: string, kind: string, second: number) => ({ key: product, value: JSON.stringify({ product, kind, at: second * 1_000 }) });
  // apple: 1, 3, 2 orders in steps 0, 1, 2; pear: 2 then 0; an event at 45 s closes steps 0-3.
  await client
    .producer()
    .send("product-events", [
      event("apple", "order", 1),
      event("pear", "order", 2),
      event("pear", "order", 3),
      event("apple", "review", 4),
      ...[11, 12, 13].map((s) => event("apple", "order", s)),
      event("apple", "order", 21),
      event("apple", "order", 22),
      event("fig", "review", 45),
    ]);
  const dataflowId = newId("dataflow");
  await fx.prisma.dataflow.create({ data: { id: dataflowId, orgId: fx.orgId, clusterId, name: "movers", document: DOCUMENT } });
  await fx.queue.enqueue("deploy-dataflow", { clusterId, dataflowId, generation: 0 });
  const row = await eventually("a Running dataflow with an endpoint", async () => {
    const current = await fx.prisma.dataflow.findUniqueOrThrow({ where: { id: dataflowId } });
    if (current.status === "Failed") throw new Error(`Failed: ${current.statusReason ?? ""}\n${current.logTail ?? ""}`);
    return current.status === "Running" && current.endpoint !== null ? current : undefined;
  });
  const apple = await eventually("apple's closed steps", async () => {
    const rows = await fetchViewRows(row.endpoint!, "product-stock", { key: "apple" });
    return rows.filter((r) => r.closed).length >= 3 ? rows.filter((r) => r.closed) : undefined;
  });
  expect(apple.slice(0, 3).map((r) => [r.windowStart, (r.value.orders as { value: number; delta: number }).value, (r.value.orders as { delta: number }).delta])).toEqual([
    [0, 1, 1],
    [10_000, 3, 2],
    [20_000, 2, -1],
  ]);
  const status = await fetchDataflowStatus(row.endpoint!);
  expect(status.operators.find((o) => o.id === "movers")).toMatchObject({ kind: "stock", recordsIn: 10 });

  const record = JSON.parse(await readFile(fx.driver.dataflows.layout(clusterId, dataflowId).recordFile, "utf8")) as { pid: number; startTicks: string };
  process.kill(record.pid, "SIGKILL");
  await eventually("the process gone", async () => (isAlive(record) ? undefined : true));
  const again = await eventually("Running again on a new endpoint", async () => {
    await worker.reconcile();
    const current = await fx.prisma.dataflow.findUniqueOrThrow({ where: { id: dataflowId } });
    return current.status === "Running" && current.endpoint !== null && current.endpoint !== row.endpoint ? current : undefined;
  });
  const after = await eventually("the view after the restart", async () => {
    const rows = await fetchViewRows(again.endpoint!, "product-stock", { key: "apple" });
    return rows.filter((r) => r.closed).length >= 3 ? rows.filter((r) => r.closed) : undefined;
  });
  expect(after.slice(0, 3).map((r) => r.windowStart)).toEqual([0, 10_000, 20_000]);
}, 150_000);
