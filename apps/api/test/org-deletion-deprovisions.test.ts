import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LocalDriver } from "@freshet/worker/drivers/local/local-driver";
import { ProvisioningWorker } from "@freshet/worker/provisioning-worker";
import { CONTROL_PLANE_SECRET, signUp, startTestApi, trpcClient, type TestApi } from "./support/api-harness.js";

// Deleting an organization with a running cluster, end to end with the real provisioning worker
// and its local driver: the cluster's processes stop and its data leaves the disk.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let api: TestApi;
let dataRoot: string;
let driver: LocalDriver;
let worker: ProvisioningWorker;

beforeAll(async () => {
  dataRoot = await mkdtemp(join(tmpdir(), "freshet-api-org-deletion-"));
  api = await startTestApi();
  driver = new LocalDriver({ dataRoot, logger: pino({ level: "silent" }) });
  worker = await ProvisioningWorker.start({
    redisUrl: REDIS_URL,
    queueName: api.queue.name,
    prisma: api.prisma,
    provisioner: driver,
    controlPlaneSecret: CONTROL_PLANE_SECRET,
    logger: pino({ level: "warn" }),
  });
});

afterAll(async () => {
  await worker?.close();
  // Tenant processes are detached by design: whatever a failed run left is stopped here.
  for (const clusterId of (await driver?.clusterIds()) ?? []) await driver.stop(clusterId);
  await api?.close();
  await rm(dataRoot, { recursive: true, force: true });
});

/** Polls the cluster row until it has `status`, for at most `timeoutMs`. */
async function statusReaches(clusterId: string, status: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await api.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    if (row.status === status) return row;
    if (Date.now() > deadline) throw new Error(`cluster ${clusterId} is ${row.status}, not ${status}, after ${timeoutMs} ms`);
    await sleep(100);
  }
}

it("deleting an organization stops its running cluster and removes the cluster's data", async () => {
  const ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  const cluster = await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free" });
  const running = await statusReaches(cluster.id, "Running");
  expect(running.dataDir).not.toBeNull();
  await stat(running.dataDir!);
  expect((await driver.processes(cluster.id)).length).toBeGreaterThan(0);

  await ada.orgs.delete.mutate({ organizationId: org.id });
  await statusReaches(cluster.id, "Deleted");
  expect(await driver.processes(cluster.id)).toEqual([]);
  await expect(stat(running.dataDir!)).rejects.toMatchObject({ code: "ENOENT" });
  expect((await driver.clusterIds()).has(cluster.id)).toBe(false);
}, 120_000);
