import { Prisma, type Connector } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import type { ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import { AppError } from "../errors.js";
import type { ValidConnector } from "./validate-connector.js";

type Tx = Prisma.TransactionClient;

export interface ConnectorRowInput {
  readonly orgId: string;
  readonly clusterId: string;
  readonly yaml: string;
  readonly valid: ValidConnector;
  /** The pipeline deploying it; a connector of a pipeline is replaced by that pipeline's next deploy. */
  readonly pipelineId?: string;
}

/**
 * Records a connector for the worker to deploy: a new row, or (for its own pipeline only) the
 * existing row with the new YAML and a new generation, so the worker restarts it. Callers enqueue
 * `deploy-connector` for the returned row once the transaction committed.
 */
export async function saveConnector(tx: Tx, input: ConnectorRowInput): Promise<Connector> {
  const name = input.valid.config.name;
  // A deleted connector's name is free again; its row goes (its history stays in the audit log).
  await tx.connector.deleteMany({ where: { clusterId: input.clusterId, name, status: "Deleted" } });
  const existing = await tx.connector.findFirst({ where: { clusterId: input.clusterId, name } });
  const fields = { type: input.valid.connector.type, kind: input.valid.connector.kind, config: input.yaml };
  if (existing !== null) {
    if (input.pipelineId === undefined || existing.pipelineId !== input.pipelineId) throw new AppError("already-exists", `The cluster already has a connector named "${name}".`);
    if (existing.status === "Deleting") throw new AppError("invalid-request", `The connector "${name}" is being deleted; deploy again once it is gone.`);
    return tx.connector.update({ where: { id: existing.id }, data: { ...fields, desiredState: "running", generation: { increment: 1 }, status: "Pending", statusReason: null } });
  }
  try {
    return await tx.connector.create({ data: { id: newId("connector"), orgId: input.orgId, clusterId: input.clusterId, name, ...fields, pipelineId: input.pipelineId ?? null } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("already-exists", `The cluster already has a connector named "${name}".`, { cause: error });
    }
    throw error;
  }
}

/** Marks it Deleting (stopped, a new generation); callers enqueue `delete-connector` once committed. */
export function markConnectorDeleting(tx: Pick<Tx, "connector">, row: Connector): Promise<Connector> {
  return tx.connector.update({ where: { id: row.id }, data: { desiredState: "stopped", status: "Deleting", statusReason: null, generation: { increment: 1 } } });
}

export async function enqueueConnectorJob(provisioning: ProvisioningQueue, row: Connector): Promise<void> {
  const job = row.status === "Deleting" ? "delete-connector" : "deploy-connector";
  await provisioning.enqueue(job, { clusterId: row.clusterId, connectorId: row.id, generation: row.generation });
}
