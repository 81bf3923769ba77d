import { z } from "zod";
import type { Cluster, PrismaClient } from "@freshet/db/client";
import { AppError, notFound } from "../errors.js";
import type { TenantEndpoint } from "@freshet/control-plane/tenant-connector";
import { id, iso, isoDate } from "./schemas.js";

export const CLUSTER_STATUSES = ["Pending", "Provisioning", "Running", "Deleting", "Deleted", "Failed"] as const;

export const clusterOutput = z.object({
  id,
  name: z.string(),
  region: z.string(),
  plan: z.string(),
  status: z.enum(CLUSTER_STATUSES),
  statusMessage: z.string().nullable(),
  spus: z.number().int(),
  partitionsLimit: z.number().int(),
  bootstrapHost: z.string().nullable(),
  bootstrapPort: z.number().int().nullable(),
  /** PEM of the cluster's CA, for clients connecting with TLS (null until the cluster first runs). */
  tlsCaPem: z.string().nullable(),
  /** Whether the worker moves the cluster's hub SmartModules to new versions on its own (hub.setAutoUpdate). */
  hubAutoUpdate: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type ClusterView = z.infer<typeof clusterOutput>;

export function toClusterView(row: Cluster): ClusterView {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    plan: row.plan,
    status: row.status,
    statusMessage: row.statusMessage,
    spus: row.spuCount,
    partitionsLimit: row.partitionsLimit,
    bootstrapHost: row.bootstrapHost,
    bootstrapPort: row.bootstrapPort,
    tlsCaPem: row.tlsCaPem,
    hubAutoUpdate: row.hubAutoUpdate,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** A cluster of the caller's org; any other org's cluster is answered as missing. */
export async function clusterInOrg(prisma: PrismaClient, orgId: string, clusterId: string): Promise<Cluster> {
  const cluster = await prisma.cluster.findFirst({ where: { id: clusterId, orgId } });
  if (cluster === null) throw notFound("cluster");
  return cluster;
}

/** Where the control plane reaches a cluster that is Running. */
export function runningEndpoint(cluster: Cluster): TenantEndpoint {
  if (cluster.status !== "Running" || cluster.bootstrapHost === null || cluster.bootstrapPort === null) {
    throw new AppError("cluster-not-running", `The cluster is ${cluster.status}; topics are available once it is Running.`);
  }
  return { id: cluster.id, bootstrapHost: cluster.bootstrapHost, bootstrapPort: cluster.bootstrapPort };
}
