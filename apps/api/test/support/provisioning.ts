import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { LocalDriver } from "@freshet/worker/drivers/local/local-driver";
import { ProvisioningWorker } from "@freshet/worker/provisioning-worker";
import { CONTROL_PLANE_SECRET, type TestApi } from "./api-harness.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestProvisioning {
  /** The local driver the worker starts tenant clusters with, for looking at their processes. */
  readonly driver: LocalDriver;
  /** Stops the worker and every tenant cluster, and removes their data. */
  close(): Promise<void>;
}

/** The real provisioning worker on `api`'s queue, running tenant clusters as local processes under a temporary directory. */
export async function startTestProvisioning(api: Pick<TestApi, "prisma" | "queue">, name: string): Promise<TestProvisioning> {
  const dataRoot = await mkdtemp(join(tmpdir(), `freshet-${name}-`));
  const driver = new LocalDriver({ dataRoot, logger: pino({ level: "silent" }) });
  const worker = await ProvisioningWorker.start({
    redisUrl: REDIS_URL,
    queueName: api.queue.name,
    prisma: api.prisma,
    provisioner: driver,
    connectorHost: driver.connectors,
    dataflowHost: driver.dataflows,
    controlPlaneSecret: CONTROL_PLANE_SECRET,
    logger: pino({ level: "warn" }),
  });
  return {
    driver,
    close: async () => {
      await worker.close();
      // Tenant processes are detached by design: whatever a failed run left is stopped here.
      for (const clusterId of await driver.clusterIds()) await driver.stop(clusterId);
      await rm(dataRoot, { recursive: true, force: true });
    },
  };
}
