import { pino } from "pino";
import { LocalDriver } from "@freshet/worker/drivers/local/local-driver";

/**
 * Stops every tenant cluster process running from `dataRoot`, data kept. The worker leaves tenant
 * brokers running when it stops (in a real deployment they outlive it), so `npm start`'s Ctrl-C
 * stops them here, after the worker; on the next start the worker's reconcile starts the clusters
 * whose rows say Running again, on their old ports.
 */
export async function stopTenantClusters(dataRoot: string): Promise<string[]> {
  const driver = new LocalDriver({ dataRoot, logger: pino({ level: "silent" }) });
  const running = [...new Set((await driver.processes()).map((process) => process.clusterId))];
  await Promise.all(running.map((clusterId) => driver.stop(clusterId)));
  return running;
}
