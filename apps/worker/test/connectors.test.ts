/*
 * Connectors beside a real local cluster: the worker deploys a kit-built source as its own process
 * (the connector role of apps/spu-worker) with a login of its own, copies its status and counters
 * into the row, starts it again after it dies, stops it, and deletes it with its files and login.
 */
import { readFile, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { ConnectorStatus } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { COUNTER_SOURCE } from "@freshet/connectors/internal/connector-harness";
import { connectorLogin } from "@freshet/control-plane/control-plane-login";
import { isAlive } from "@freshet/spu-worker/launch";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProvisioningWorker } from "../src/provisioning-worker.js";
import { CONTROL_PLANE_SECRET, createFixture, REDIS_URL, type Fixture } from "./support/fixture.js";

const RECORDS = 50;
let fx: Fixture;
let worker: ProvisioningWorker;
let clusterId: string;
let connectorId: string;

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs` naming `what`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs.toString()} ms`);
    await sleep(100);
  }
}

const row = () => fx.prisma.connector.findUniqueOrThrow({ where: { id: connectorId } });
const statusIs = (wanted: ConnectorStatus) => async () => ((await row()).status === wanted ? true : undefined);
const processes = async () => (await fx.driver.connectors.connectorIds(clusterId)).size;

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
  await fx.queue.enqueue("provision-cluster", { clusterId });
  await fx.waitForStatus(clusterId, "Running", 60_000);
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await fx?.close();
});

describe("connectors on the local driver", () => {
  it("deploys a connector to Running with its own login, and copies its counters", async () => {
    connectorId = newId("connector");
    const config = ["name: counter", `module: ${COUNTER_SOURCE}`, "topic: counted", "config:", `  count: ${RECORDS.toString()}`, "  batch: 10", ""].join("\n");
    await fx.prisma.connector.create({ data: { id: connectorId, orgId: fx.orgId, clusterId, name: "counter", type: "counter-source", kind: "source", config } });
    await fx.queue.enqueue("deploy-connector", { clusterId, connectorId, generation: 0 });
    await eventually("Running connector", statusIs("Running"));

    const layout = fx.driver.connectors.layout(clusterId, connectorId);
    const login = connectorLogin(CONTROL_PLANE_SECRET, clusterId, connectorId);
    const cluster = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(await readFile(layout.configFile, "utf8")).toBe(
      `${config}cluster:\n  bootstrap: 127.0.0.1:${String(cluster.bootstrapPort)}\n  sasl:\n    mechanism: scram-sha-256\n    username: ${login.username}\n    passwordFile: password\n`,
    );
    expect([(await stat(layout.passwordFile)).mode & 0o777, await readFile(layout.passwordFile, "utf8")]).toEqual([0o600, login.password]);
    const users = Object.keys((JSON.parse(await readFile(fx.driver.layout(clusterId).credentialsFile, "utf8")) as { users: Record<string, unknown> }).users);
    expect(users).toContain(login.username);

    // The reconcile pass copies what the runtime wrote: every record out, no errors.
    const metrics = await eventually("all records out", async () => {
      await worker.reconcile();
      const current = (await row()).metrics as { recordsOut?: number } | null;
      return current?.recordsOut === RECORDS ? current : undefined;
    });
    expect(metrics).toMatchObject({ recordsIn: RECORDS, recordsOut: RECORDS, errors: 0, deadLettered: 0 });
    expect((await row()).logTail).not.toBeNull();
  }, 120_000);

  it("starts a connector again after its process died", async () => {
    const first = (await fx.driver.connectors.observe(clusterId, connectorId)).alive;
    expect(first).toBe(true);
    const record = JSON.parse(await readFile(fx.driver.connectors.layout(clusterId, connectorId).recordFile, "utf8")) as { pid: number; startTicks: string };
    process.kill(record.pid, "SIGKILL");
    await eventually("the process gone", async () => (isAlive(record) ? undefined : true));
    const report = await worker.reconcile();
    expect(report.connectors).toEqual({ checked: [connectorId], failed: [], requeued: [] });
    const again = JSON.parse(await readFile(fx.driver.connectors.layout(clusterId, connectorId).recordFile, "utf8")) as { pid: number; startTicks: string };
    expect(again.pid).not.toBe(record.pid);
    expect(isAlive(again)).toBe(true);
    await eventually("Running again", async () => {
      await worker.reconcile();
      return (await row()).status === "Running" ? true : undefined;
    });
  }, 120_000);

  it("stops it (process gone, files kept), then deletes it with its files and login", async () => {
    await fx.prisma.connector.update({ where: { id: connectorId }, data: { desiredState: "stopped", generation: 1 } });
    await fx.queue.enqueue("stop-connector", { clusterId, connectorId, generation: 1 });
    await eventually("Stopped", statusIs("Stopped"));
    expect((await fx.driver.connectors.observe(clusterId, connectorId)).alive).toBe(false);
    expect(await processes()).toBe(1);

    await fx.prisma.connector.update({ where: { id: connectorId }, data: { status: "Deleting", generation: 2 } });
    await fx.queue.enqueue("delete-connector", { clusterId, connectorId, generation: 2 });
    await eventually("Deleted", statusIs("Deleted"));
    expect(await processes()).toBe(0);
    const users = Object.keys((JSON.parse(await readFile(fx.driver.layout(clusterId).credentialsFile, "utf8")) as { users: Record<string, unknown> }).users);
    expect(users.filter((u) => u.startsWith("freshet-connector-"))).toEqual([]);
  }, 120_000);
});
