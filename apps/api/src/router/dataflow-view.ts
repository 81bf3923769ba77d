import { z } from "zod";
import type { Dataflow, PrismaClient } from "@freshet/db/client";
import { dataflowStatusSchema } from "@freshet/control-plane/dataflows/dataflow-process";
import { notFound } from "../errors.js";
import { id, iso, isoDate, isoOrNull } from "./schemas.js";

export const DATAFLOW_STATUSES = ["Pending", "Deploying", "Running", "Failed", "Deleting", "Deleted"] as const;

export const specErrorOutput = z.object({ path: z.array(z.union([z.string(), z.number()])), line: z.number().int(), column: z.number().int(), message: z.string() });

export const dataflowOutput = z.object({
  id,
  clusterId: id,
  name: z.string(),
  status: z.enum(DATAFLOW_STATUSES),
  /** Why it is Failed (null otherwise). */
  statusReason: z.string().nullable(),
  /** The process's status as the worker last copied it (dataflow-status.json); null before the first look. */
  runtime: dataflowStatusSchema.nullable(),
  /** When the worker last looked at the process. */
  observedAt: isoDate.nullable(),
  /** The document as deployed (without the cluster block the cloud fills in). */
  document: z.string(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type DataflowView = z.infer<typeof dataflowOutput>;

export function toDataflowView(row: Dataflow): DataflowView {
  const runtime = dataflowStatusSchema.safeParse(row.runtimeStatus);
  return {
    id: row.id,
    clusterId: row.clusterId,
    name: row.name,
    status: row.status,
    statusReason: row.statusReason,
    runtime: runtime.success ? runtime.data : null,
    observedAt: isoOrNull(row.observedAt),
    document: row.document,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** A dataflow of the caller's org; any other org's is answered as missing. */
export async function dataflowInOrg(prisma: PrismaClient, orgId: string, dataflowId: string): Promise<Dataflow> {
  const dataflow = await prisma.dataflow.findFirst({ where: { id: dataflowId, orgId } });
  if (dataflow === null) throw notFound("dataflow");
  return dataflow;
}

/** A dataflow of the caller's org by its cluster and name (as the CLI names it). */
export async function dataflowByName(prisma: PrismaClient, orgId: string, clusterId: string, name: string): Promise<Dataflow> {
  const dataflow = await prisma.dataflow.findFirst({ where: { orgId, clusterId, name, status: { not: "Deleted" } } });
  if (dataflow === null) throw notFound("dataflow");
  return dataflow;
}
