/*
 * Dataflows beside a real local cluster: the worker runs each as its own process with a login
 * of its own (a stand-in that speaks the process contract, test/support/fake-dataflow-role.mjs),
 * copies its status and HTTP endpoint into the row, starts it again after it dies, restarts it
 * with a redeployed document, and removes it on delete and with its cluster.
 */
import { readFile, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import type { DataflowStatus } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { dataflowLogin } from "@freshet/control-plane/control-plane-login";
import { fetchDataflowStatus } from "@freshet/control-plane/dataflows/dataflow-process";
import { isAlive } from "@freshet/spu-worker/launch";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDriver } from "../src/drivers/local/local-driver.js";
import { ProvisioningWorker } from "../src/provisioning-worker.js";
import { CONTROL_PLANE_SECRET, createFixture, REDIS_URL, type Fixture } from "./support/fixture.js";

const FAKE_ROLE = fileURLToPath(new URL("./support/fake-dataflow-role.mjs", import.meta.url));
let fx: Fixture;
let driver: LocalDriver;
let worker: ProvisioningWorker;
let clusterId: string;
let dataflowId: string;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs.toString()} ms`);
    await sleep(100);
  }
}

const row = () => fx.prisma.dataflow.findUniqueOrThrow({ where: { id: dataflowId } });
const statusIs = (wanted: DataflowStatus) => async () => ((await row()).status === wanted ? true : undefined);
const document = (extra = "") => `apiVersion: freshet.io/v1\nkind: Dataflow\nname: hot-items # the name\n${extra}sources:\n  bids: { topic: bids }\nsinks:\n  hot-view: { from: bids, view: {} }\n`;
const pidOf = async () => JSON.parse(await readFile(driver.dataflows.layout(clusterId, dataflowId).recordFile, "utf8")) as { pid: number; startTicks: string };
const users = async () => Object.keys((JSON.parse(await readFile(driver.layout(clusterId).credentialsFile, "utf8")) as { users: Record<string, unknown> }).users);

beforeAll(async () => {
  fx = await createFixture();
  driver = new LocalDriver({ dataRoot: fx.dataRoot, dataflowEntry: FAKE_ROLE, logger: pino({ level: "silent" }) });
  worker = await ProvisioningWorker.start({
    redisUrl: REDIS_URL,
    queueName: fx.queueName,
    prisma: fx.prisma,
    provisioner: driver,
    connectorHost: driver.connectors,
    dataflowHost: driver.dataflows,
    controlPlaneSecret: CONTROL_PLANE_SECRET,
    logger: pino({ level: "silent" }),
  });
  clusterId = await fx.createCluster(1);
  await fx.queue.enqueue("provision-cluster", { clusterId });
  await fx.waitForStatus(clusterId, "Running", 60_000);
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await fx?.close();
});

describe("dataflows on the local driver", () => {
  it("deploys a dataflow to Running with its own login, its status and HTTP endpoint in the row", async () => {
    dataflowId = newId("dataflow");
    await fx.prisma.dataflow.create({ data: { id: dataflowId, orgId: fx.orgId, clusterId, name: "hot-items", document: document() } });
    await fx.queue.enqueue("deploy-dataflow", { clusterId, dataflowId, generation: 0 });
    await eventually("Running dataflow", statusIs("Running"));

    const layout = driver.dataflows.layout(clusterId, dataflowId);
    const login = dataflowLogin(CONTROL_PLANE_SECRET, clusterId, dataflowId);
    const cluster = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(await readFile(layout.configFile, "utf8")).toBe(
      `${document()}cluster:\n  bootstrap: 127.0.0.1:${String(cluster.bootstrapPort)}\n  sasl:\n    mechanism: scram-sha-256\n    username: ${login.username}\n    passwordFile: password\n`,
    );
    expect([(await stat(layout.passwordFile)).mode & 0o777, await readFile(layout.passwordFile, "utf8")]).toEqual([0o600, login.password]);
    expect(await users()).toContain(login.username);

    const current = await row();
    expect(current.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(current.runtimeStatus).toMatchObject({ name: "hot-items", state: "running", operators: [{ id: "counts", kind: "aggregate" }], views: ["hot-view"] });
    expect(await fetchDataflowStatus(current.endpoint!)).toMatchObject({ name: "hot-items", state: "running" });
  }, 60_000);

  it("starts it again after its process died, on a new endpoint", async () => {
    const before = await pidOf();
    process.kill(before.pid, "SIGKILL");
    await eventually("the process gone", async () => (isAlive(before) ? undefined : true));
    const report = await worker.reconcile();
    expect(report.dataflows).toEqual({ checked: [dataflowId], failed: [], requeued: [] });
    const after = await pidOf();
    expect([after.pid === before.pid, isAlive(after)]).toEqual([false, true]);
    await eventually("Running again with an endpoint", async () => {
      await worker.reconcile();
      const current = await row();
      return current.status === "Running" && current.endpoint !== null ? true : undefined;
    });
  }, 60_000);

  it("restarts it with a redeployed document, and reports the runtime's failure", async () => {
    const before = await pidOf();
    await fx.prisma.dataflow.update({ where: { id: dataflowId }, data: { document: document("# fail\n"), generation: 1, status: "Pending" } });
    await fx.queue.enqueue("deploy-dataflow", { clusterId, dataflowId, generation: 1 });
    await eventually("Failed dataflow", statusIs("Failed"));
    expect((await row()).statusReason).toBe("operators.big.filter: no such field price.");
    expect((await pidOf()).pid).not.toBe(before.pid);
    expect(isAlive(before)).toBe(false);

    // The same document again restarts a failed runtime.
    const failed = await pidOf();
    await fx.prisma.dataflow.update({ where: { id: dataflowId }, data: { generation: 2, status: "Pending" } });
    await fx.queue.enqueue("deploy-dataflow", { clusterId, dataflowId, generation: 2 });
    await eventually("a new process", async () => ((await pidOf()).pid !== failed.pid ? true : undefined));
    await eventually("Failed again", statusIs("Failed"));
    expect(isAlive(failed)).toBe(false);
  }, 60_000);

  it("deletes it with its files and login", async () => {
    await fx.prisma.dataflow.update({ where: { id: dataflowId }, data: { status: "Deleting", generation: 3 } });
    await fx.queue.enqueue("delete-dataflow", { clusterId, dataflowId, generation: 3 });
    await eventually("Deleted", statusIs("Deleted"));
    expect([...(await driver.dataflows.dataflowIds(clusterId))]).toEqual([]);
    expect((await users()).filter((u) => u.startsWith("freshet-dataflow-"))).toEqual([]);
    expect((await row()).endpoint).toBeNull();
  }, 60_000);

  it("removes a cluster's dataflows (and the pipelines that deployed them) with the cluster", async () => {
    const pipelineId = newId("pipeline");
    await fx.prisma.pipeline.create({ data: { id: pipelineId, orgId: fx.orgId, clusterId, name: "second", status: "Deployed", currentVersion: 1, lastVersion: 1 } });
    dataflowId = newId("dataflow");
    await fx.prisma.dataflow.create({ data: { id: dataflowId, orgId: fx.orgId, clusterId, name: "second", document: document(), pipelineId } });
    await fx.queue.enqueue("deploy-dataflow", { clusterId, dataflowId, generation: 0 });
    await eventually("Running dataflow", statusIs("Running"));
    const running = await pidOf();
    await fx.prisma.cluster.update({ where: { id: clusterId }, data: { status: "Deleting" } });
    await fx.queue.enqueue("deprovision-cluster", { clusterId });
    await eventually("Deleted with its cluster", statusIs("Deleted"));
    expect(isAlive(running)).toBe(false);
    expect([...(await driver.dataflows.dataflowIds(clusterId))]).toEqual([]);
    expect(await fx.prisma.pipeline.findUniqueOrThrow({ where: { id: pipelineId } })).toMatchObject({ status: "Deleted", deletedAt: expect.any(Date) as unknown });
  }, 60_000);
});
