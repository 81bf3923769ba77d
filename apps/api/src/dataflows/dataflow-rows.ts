import { Prisma, type Dataflow } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import type { ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import { AppError } from "../errors.js";

type Tx = Prisma.TransactionClient;

export interface DataflowRowInput {
  readonly orgId: string;
  readonly clusterId: string;
  readonly name: string;
  readonly document: string;
  /** The pipeline deploying it: then only that pipeline's dataflow of this name may be replaced. */
  readonly pipelineId?: string;
}

/**
 * Records a dataflow for the worker to deploy: a new row, or the existing one of that name with the
 * new document and a new generation (the worker restarts it). Callers enqueue `deploy-dataflow`
 * for the returned row once the transaction committed.
 */
export async function saveDataflow(tx: Tx, input: DataflowRowInput): Promise<{ readonly row: Dataflow; readonly created: boolean }> {
  const { name } = input;
  // A deleted dataflow's name is free again; its row goes (its history stays in the audit log).
  await tx.dataflow.deleteMany({ where: { clusterId: input.clusterId, name, status: "Deleted" } });
  const existing = await tx.dataflow.findFirst({ where: { clusterId: input.clusterId, name } });
  if (existing?.status === "Deleting") throw new AppError("invalid-request", `The dataflow "${name}" is being deleted; deploy it again once it is gone.`);
  if (existing !== null && existing.pipelineId !== (input.pipelineId ?? null)) {
    throw new AppError(
      "already-exists",
      existing.pipelineId === null ? `The cluster already has a dataflow named "${name}".` : `The dataflow "${name}" belongs to a pipeline; deploy the pipeline instead.`,
    );
  }
  try {
    const row =
      existing === null
        ? await tx.dataflow.create({ data: { id: newId("dataflow"), orgId: input.orgId, clusterId: input.clusterId, name, document: input.document, pipelineId: input.pipelineId ?? null } })
        : await tx.dataflow.update({ where: { id: existing.id }, data: { document: input.document, generation: { increment: 1 }, status: "Pending", statusReason: null } });
    return { row, created: existing === null };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("already-exists", `The dataflow "${name}" is being deployed by someone else right now; try again.`, { cause: error });
    }
    throw error;
  }
}

/** Marks it Deleting (process stopped, state and views removed by the worker); callers enqueue `delete-dataflow` once committed. */
export function markDataflowDeleting(tx: Pick<Tx, "dataflow">, row: Dataflow): Promise<Dataflow> {
  return tx.dataflow.update({ where: { id: row.id }, data: { status: "Deleting", statusReason: null, endpoint: null, generation: { increment: 1 } } });
}

export async function enqueueDataflowJob(provisioning: ProvisioningQueue, row: Dataflow): Promise<void> {
  const job = row.status === "Deleting" ? "delete-dataflow" : "deploy-dataflow";
  await provisioning.enqueue(job, { clusterId: row.clusterId, dataflowId: row.id, generation: row.generation });
}
