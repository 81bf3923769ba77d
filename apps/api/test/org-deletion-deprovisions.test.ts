import { stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type TestApi } from "./support/api-harness.js";
import { startTestProvisioning, type TestProvisioning } from "./support/provisioning.js";

// Deleting an organization with a running cluster, end to end with the real provisioning worker
// and its local driver: the cluster's processes stop and its data leaves the disk.
let api: TestApi;
let provisioning: TestProvisioning;

beforeAll(async () => {
  api = await startTestApi();
  provisioning = await startTestProvisioning(api, "api-org-deletion");
});

afterAll(async () => {
  await provisioning?.close();
  await api?.close();
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
  expect((await provisioning.driver.processes(cluster.id)).length).toBeGreaterThan(0);

  await ada.orgs.delete.mutate({ organizationId: org.id });
  await statusReaches(cluster.id, "Deleted");
  expect(await provisioning.driver.processes(cluster.id)).toEqual([]);
  await expect(stat(running.dataDir!)).rejects.toMatchObject({ code: "ENOENT" });
  expect((await provisioning.driver.clusterIds()).has(cluster.id)).toBe(false);
}, 120_000);
