import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { JOBS } from "./catalog.js";
import { createProvisioningQueue } from "./provisioning-queue.js";
import { redisConnection } from "./redis-connection.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("job catalog on a real Redis", () => {
  const name = `catalog-test-${randomBytes(6).toString("hex")}`;
  const provisioning = createProvisioningQueue(REDIS_URL, name);

  afterAll(async () => {
    await provisioning.queue.obliterate({ force: true });
    await provisioning.close();
    await provisioning.close();
  });

  it("enqueues a cluster's provision once however often it is asked, and every credentials sync", async () => {
    await provisioning.enqueue("provision-cluster", { clusterId: "clu_a" });
    await provisioning.enqueue("provision-cluster", { clusterId: "clu_a" });
    await provisioning.enqueue("deprovision-cluster", { clusterId: "clu_a" });
    await provisioning.enqueue("sync-cluster-credentials", { clusterId: "clu_a" });
    await provisioning.enqueue("sync-cluster-credentials", { clusterId: "clu_a" });
    const jobs = await provisioning.queue.getJobs(["waiting"]);
    expect(jobs.map((job) => [job.name, job.opts.attempts]).sort()).toEqual([
      ["deprovision-cluster", 5],
      ["provision-cluster", 5],
      ["sync-cluster-credentials", 5],
      ["sync-cluster-credentials", 5],
    ]);
    expect((await provisioning.queue.getJob("provision-clu_a"))?.data).toEqual({ clusterId: "clu_a" });
  });

  it("enqueues a connector's change once per generation, and the next change anew", async () => {
    const change = { clusterId: "clu_c", connectorId: "con_a", generation: 0 };
    await provisioning.enqueue("deploy-connector", change);
    await provisioning.enqueue("deploy-connector", change);
    await provisioning.enqueue("stop-connector", { ...change, generation: 1 });
    await provisioning.enqueue("deploy-connector", { ...change, generation: 2 });
    await provisioning.enqueue("delete-connector", { ...change, generation: 3 });
    await provisioning.enqueue("delete-connector", { ...change, generation: 3 });
    const jobs = (await provisioning.queue.getJobs(["waiting"])).filter((job) => job.name.endsWith("-connector"));
    expect(jobs.map((job) => job.id).sort()).toEqual(["delete-con_a-3", "deploy-con_a-0", "deploy-con_a-2", "stop-con_a-1"]);
    await expect(provisioning.enqueue("deploy-connector", { clusterId: "clu_c", connectorId: "con_a" } as never)).rejects.toThrow(/generation/);
  });

  it("enqueues a dataflow's deploy and delete once per generation", async () => {
    const change = { clusterId: "clu_c", dataflowId: "dfl_a", generation: 0 };
    await provisioning.enqueue("deploy-dataflow", change);
    await provisioning.enqueue("deploy-dataflow", change);
    await provisioning.enqueue("deploy-dataflow", { ...change, generation: 1 });
    await provisioning.enqueue("delete-dataflow", { ...change, generation: 2 });
    await provisioning.enqueue("delete-dataflow", { ...change, generation: 2 });
    const jobs = (await provisioning.queue.getJobs(["waiting"])).filter((job) => job.name.endsWith("-dataflow"));
    expect(jobs.map((job) => job.id).sort()).toEqual(["delete-dfl_a-2", "deploy-dfl_a-0", "deploy-dfl_a-1"]);
    await expect(provisioning.enqueue("deploy-dataflow", { clusterId: "clu_c", dataflowId: "dfl_a" } as never)).rejects.toThrow(/generation/);
  });

  it("refuses a payload without a cluster id before it reaches Redis", async () => {
    await expect(provisioning.enqueue("provision-cluster", {} as never)).rejects.toThrow(/clusterId/);
  });

  it("uses ids BullMQ accepts: a two-part id with a colon is refused", async () => {
    expect(JOBS["provision-cluster"].jobId?.({ clusterId: "clu_b" })).toBe("provision-clu_b");
    const raw = new Queue(name, { connection: redisConnection(REDIS_URL) });
    try {
      await expect(raw.add("provision-cluster", { clusterId: "clu_b" }, { jobId: "provision:clu_b" })).rejects.toThrow("Custom Id cannot contain :");
    } finally {
      await raw.close();
    }
  });
});
