import type { ClusterStatus, PrismaClient } from "@freshet/db/client";
import type { CredentialRow } from "../credentials/credentials-file.js";

export interface ClusterRow {
  readonly id: string;
  readonly status: ClusterStatus;
  readonly spuCount: number;
  /** The plan's partition limit, which the cluster's SC enforces (--max-partitions). */
  readonly partitionsLimit: number;
}

export interface RunningAddress {
  readonly bootstrapHost: string;
  readonly bootstrapPort: number;
  readonly scPort: number;
  readonly dataDir: string;
  /** The CA clients trust to reach the brokers with TLS. */
  readonly tlsCaPem: string;
}

/**
 * The worker's reads and writes of Cluster rows. Every status change is conditional on the
 * status it leaves, so a delete the API records meanwhile (Deleting) is never overwritten by a
 * provisioning run finishing late. Each returns whether it changed the row.
 */
export class ClusterStore {
  constructor(private readonly prisma: PrismaClient) {}

  get(clusterId: string): Promise<ClusterRow | null> {
    return this.prisma.cluster.findUnique({ where: { id: clusterId }, select: { id: true, status: true, spuCount: true, partitionsLimit: true } });
  }

  all(): Promise<ClusterRow[]> {
    return this.prisma.cluster.findMany({ select: { id: true, status: true, spuCount: true, partitionsLimit: true } });
  }

  /** Users the cluster's brokers must accept: rows not revoked. */
  activeCredentials(clusterId: string): Promise<CredentialRow[]> {
    return this.prisma.clusterCredential.findMany({
      where: { clusterId, revokedAt: null },
      select: { username: true, salt: true, storedKey: true, serverKey: true, iterations: true },
      orderBy: { createdAt: "asc" },
    });
  }

  /** Connectors of the cluster that still need their login (every one not Deleted). */
  async connectorIds(clusterId: string): Promise<string[]> {
    const rows = await this.prisma.connector.findMany({ where: { clusterId, status: { not: "Deleted" } }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  /** Dataflows of the cluster that still need their login (every one not Deleted). */
  async dataflowIds(clusterId: string): Promise<string[]> {
    const rows = await this.prisma.dataflow.findMany({ where: { clusterId, status: { not: "Deleted" } }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  markProvisioning(clusterId: string, message: string | null = null): Promise<boolean> {
    return this.#move(clusterId, ["Pending", "Provisioning", "Failed"], { status: "Provisioning", statusMessage: message });
  }

  markRunning(clusterId: string, address: RunningAddress): Promise<boolean> {
    return this.#move(clusterId, ["Provisioning"], { status: "Running", statusMessage: null, ...address });
  }

  /** The address of a cluster already Running (it may have moved if every SPU was restarted elsewhere). */
  updateRunningAddress(clusterId: string, address: RunningAddress): Promise<boolean> {
    return this.#move(clusterId, ["Running"], { ...address });
  }

  markFailed(clusterId: string, message: string): Promise<boolean> {
    return this.#move(clusterId, ["Pending", "Provisioning", "Running"], { status: "Failed", statusMessage: message });
  }

  /** Its connectors, dataflows and pipelines are Deleted with it: their processes and files went with the cluster's. */
  markDeleted(clusterId: string): Promise<boolean> {
    const deletedAt = new Date();
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.cluster.updateMany({
        where: { id: clusterId, status: "Deleting" },
        data: { status: "Deleted", statusMessage: null, bootstrapHost: null, bootstrapPort: null, scPort: null, tlsCaPem: null, deletedAt },
      });
      if (count === 1) {
        await tx.connector.updateMany({ where: { clusterId, status: { not: "Deleted" } }, data: { status: "Deleted", statusReason: null, deletedAt } });
        await tx.dataflow.updateMany({ where: { clusterId, status: { not: "Deleted" } }, data: { status: "Deleted", statusReason: null, endpoint: null, deletedAt } });
        await tx.pipeline.updateMany({ where: { clusterId, status: { not: "Deleted" } }, data: { status: "Deleted", statusReason: null, deletedAt } });
      }
      return count === 1;
    });
  }

  async #move(clusterId: string, from: ClusterStatus[], data: Parameters<PrismaClient["cluster"]["updateMany"]>[0]["data"]): Promise<boolean> {
    const { count } = await this.prisma.cluster.updateMany({ where: { id: clusterId, status: { in: from } }, data });
    return count === 1;
  }
}
