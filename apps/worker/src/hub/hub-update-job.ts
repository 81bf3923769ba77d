import type { PrismaClient } from "@freshet/db/client";
import { prismaHubReader } from "@freshet/control-plane/hub/prisma-hub-reader";
import { updateClusterHubModules } from "@freshet/control-plane/hub/update-cluster-hub-modules";
import type { TenantConnector } from "@freshet/control-plane/tenant-connector";
import type { BlobStore } from "@freshet/hub/storage";
import type { Logger } from "pino";
import { ScheduledJobs } from "../jobs/scheduled-jobs.js";

/** The repeatable job: every running cluster with auto-update on moves its hub SmartModules to their newest matching versions. */
export const UPDATE_HUB_MODULES_JOB = "update-hub-modules";

/** The schedule's own actor in the audit log: no person, no key. */
const SCHEDULE = { userId: null, apiKeyId: null, ip: null } as const;

export interface HubUpdatesOptions {
  readonly prisma: PrismaClient;
  readonly connector: TenantConnector;
  /** Where the hub keeps artifacts (the API's blob store). */
  readonly blobs: BlobStore;
  readonly logger: Logger;
}

/** One pass over the clusters that opted in; a cluster that fails is logged and the others still update. */
export async function updateHubModulesOfClusters({ prisma, connector, blobs, logger }: HubUpdatesOptions): Promise<{ clusters: number; updated: number; failed: number }> {
  const clusters = await prisma.cluster.findMany({
    where: { hubAutoUpdate: true, status: "Running", deletedAt: null, bootstrapHost: { not: null }, bootstrapPort: { not: null } },
    select: { id: true, orgId: true, bootstrapHost: true, bootstrapPort: true },
  });
  let updated = 0;
  let failed = 0;
  for (const cluster of clusters) {
    const client = connector.open({ id: cluster.id, bootstrapHost: cluster.bootstrapHost!, bootstrapPort: cluster.bootstrapPort! });
    try {
      const result = await updateClusterHubModules({ prisma, hub: prismaHubReader({ prisma, blobs, orgId: cluster.orgId }), client, clusterId: cluster.id, actor: SCHEDULE });
      updated += result.updated.length;
      failed += result.failed.length;
      for (const move of result.updated) logger.info({ clusterId: cluster.id, ...move }, "hub SmartModule updated");
      for (const failure of result.failed) logger.warn({ clusterId: cluster.id, ...failure }, "hub SmartModule update refused");
    } catch (error) {
      failed += 1;
      logger.warn({ clusterId: cluster.id, err: error }, "hub SmartModule updates of a cluster failed");
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  return { clusters: clusters.length, updated, failed };
}

export interface HubUpdatesJobOptions extends HubUpdatesOptions {
  readonly redisUrl: string;
  readonly queueName: string;
  /** Milliseconds between passes. */
  readonly intervalMs: number;
}

export function startHubUpdates(options: HubUpdatesJobOptions): Promise<ScheduledJobs> {
  return ScheduledJobs.start({
    redisUrl: options.redisUrl,
    queueName: options.queueName,
    jobs: { [UPDATE_HUB_MODULES_JOB]: { every: options.intervalMs, run: () => updateHubModulesOfClusters(options) } },
    logger: options.logger,
  });
}
