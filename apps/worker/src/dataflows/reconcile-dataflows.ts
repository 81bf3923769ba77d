import type { Logger } from "pino";
import type { ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import type { ClusterLocks } from "../clusters/cluster-locks.js";
import type { DataflowOperations } from "./dataflow-operations.js";
import type { DataflowStore } from "./dataflow-store.js";

export interface DataflowReconcileReport {
  /** Dataflows looked at (and started again where their process was gone). */
  readonly checked: string[];
  /** Dataflows whose look failed (logged; the next pass tries again). */
  readonly failed: string[];
  /** Dataflows whose pending change was enqueued again (a no-op while its job is queued). */
  readonly requeued: string[];
}

export interface DataflowReconcileParts {
  readonly store: DataflowStore;
  readonly operations: DataflowOperations;
  readonly queue: ProvisioningQueue;
  readonly locks: ClusterLocks;
  readonly logger: Logger;
}

/**
 * Makes dataflows match their rows: a deployed one is healed (its dead process started again)
 * and its row gets the runtime's status; a pending deploy or delete whose job is lost is enqueued
 * again. Dataflows of a cluster on its way out are left to the cluster's deletion.
 */
export async function reconcileDataflows(parts: DataflowReconcileParts): Promise<DataflowReconcileReport> {
  const { store, operations, queue, locks, logger } = parts;
  const report: DataflowReconcileReport = { checked: [], failed: [], requeued: [] };
  const tasks: Promise<void>[] = [];
  for (const row of await store.live()) {
    if (row.cluster.status === "Deleting" || row.cluster.status === "Deleted") continue;
    const change = { clusterId: row.clusterId, dataflowId: row.id, generation: row.generation };
    if (row.status === "Deleting" || row.status === "Pending") {
      report.requeued.push(row.id);
      tasks.push(queue.enqueue(row.status === "Deleting" ? "delete-dataflow" : "deploy-dataflow", change));
      continue;
    }
    tasks.push(
      locks
        .run(row.clusterId, () => operations.heal(row.id))
        .then(
          () => void report.checked.push(row.id),
          (error: unknown) => {
            report.failed.push(row.id);
            logger.error({ dataflowId: row.id, err: error }, "reconcile could not heal a dataflow");
          },
        ),
    );
  }
  await Promise.all(tasks);
  return report;
}
