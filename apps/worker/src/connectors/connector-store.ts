import type { ConnectorStatus, Prisma, PrismaClient } from "@freshet/db/client";

export interface ConnectorRow {
  readonly id: string;
  readonly clusterId: string;
  readonly name: string;
  readonly config: string;
  readonly desiredState: "running" | "stopped";
  readonly generation: number;
  readonly status: ConnectorStatus;
  readonly cluster: { readonly status: string; readonly bootstrapHost: string | null; readonly bootstrapPort: number | null };
}

/** What the worker last saw of a connector's process and runtime. */
export interface ConnectorObserved {
  readonly status: ConnectorStatus;
  readonly statusReason: string | null;
  readonly metrics?: Prisma.InputJsonObject;
  readonly logTail?: string;
}

const select = {
  id: true,
  clusterId: true,
  name: true,
  config: true,
  desiredState: true,
  generation: true,
  status: true,
  cluster: { select: { status: true, bootstrapHost: true, bootstrapPort: true } },
} as const;

/**
 * The worker's reads and writes of Connector rows. Writes name the generation they act for: a
 * job of an older change (a deploy finishing after the person stopped it) changes nothing.
 */
export class ConnectorStore {
  constructor(private readonly prisma: PrismaClient) {}

  get(connectorId: string): Promise<ConnectorRow | null> {
    return this.prisma.connector.findUnique({ where: { id: connectorId }, select });
  }

  /** Every connector not Deleted, with its cluster. */
  live(): Promise<ConnectorRow[]> {
    return this.prisma.connector.findMany({ where: { status: { not: "Deleted" } }, select, orderBy: { createdAt: "asc" } });
  }

  async write(row: Pick<ConnectorRow, "id" | "generation">, observed: ConnectorObserved): Promise<boolean> {
    const { count } = await this.prisma.connector.updateMany({
      // Deleting/Deleted belong to the delete job alone.
      where: { id: row.id, generation: row.generation, status: { notIn: ["Deleting", "Deleted"] } },
      data: { ...observed, observedAt: new Date() },
    });
    return count === 1;
  }

  async markDeleted(row: Pick<ConnectorRow, "id" | "generation">): Promise<boolean> {
    const { count } = await this.prisma.connector.updateMany({
      where: { id: row.id, generation: row.generation, status: "Deleting" },
      data: { status: "Deleted", statusReason: null, deletedAt: new Date() },
    });
    return count === 1;
  }
}
