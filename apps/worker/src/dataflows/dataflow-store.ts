import type { DataflowStatus, Prisma, PrismaClient } from "@freshet/db/client";

export interface DataflowRow {
  readonly id: string;
  readonly clusterId: string;
  readonly name: string;
  readonly document: string;
  readonly generation: number;
  readonly status: DataflowStatus;
  readonly cluster: { readonly status: string; readonly bootstrapHost: string | null; readonly bootstrapPort: number | null };
}

/** What the worker last saw of a dataflow's process. */
export interface DataflowObserved {
  readonly status: DataflowStatus;
  readonly statusReason: string | null;
  readonly runtimeStatus?: Prisma.InputJsonObject;
  readonly endpoint: string | null;
  readonly logTail?: string;
}

const select = {
  id: true,
  clusterId: true,
  name: true,
  document: true,
  generation: true,
  status: true,
  cluster: { select: { status: true, bootstrapHost: true, bootstrapPort: true } },
} as const;

/** The worker's reads and writes of Dataflow rows; writes name the generation they act for. */
export class DataflowStore {
  constructor(private readonly prisma: PrismaClient) {}

  get(dataflowId: string): Promise<DataflowRow | null> {
    return this.prisma.dataflow.findUnique({ where: { id: dataflowId }, select });
  }

  /** Every dataflow not Deleted, with its cluster. */
  live(): Promise<DataflowRow[]> {
    return this.prisma.dataflow.findMany({ where: { status: { not: "Deleted" } }, select, orderBy: { createdAt: "asc" } });
  }

  async write(row: Pick<DataflowRow, "id" | "generation">, observed: DataflowObserved): Promise<boolean> {
    const { count } = await this.prisma.dataflow.updateMany({
      // Deleting/Deleted belong to the delete job alone.
      where: { id: row.id, generation: row.generation, status: { notIn: ["Deleting", "Deleted"] } },
      data: { ...observed, observedAt: new Date() },
    });
    return count === 1;
  }

  async markDeleted(row: Pick<DataflowRow, "id" | "generation">): Promise<boolean> {
    const { count } = await this.prisma.dataflow.updateMany({
      where: { id: row.id, generation: row.generation, status: "Deleting" },
      data: { status: "Deleted", statusReason: null, endpoint: null, deletedAt: new Date() },
    });
    return count === 1;
  }
}
