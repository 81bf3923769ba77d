import type { Logger } from "pino";
import type { ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import type { ClusterLocks } from "../clusters/cluster-locks.js";
import type { ConnectorOperations } from "./connector-operations.js";
import type { ConnectorStore } from "./connector-store.js";

export interface ConnectorReconcileReport {
  /** Connectors that should run, looked at (and started again where their process was gone). */
  readonly checked: string[];
  /** Connectors whose look failed (logged; the next pass tries again). */
  readonly failed: string[];
  /** Connectors whose pending change was enqueued again (a no-op while its job is queued). */
  readonly requeued: string[];
}

export interface ConnectorReconcileParts {
  readonly store: ConnectorStore;
  readonly operations: ConnectorOperations;
  readonly queue: ProvisioningQueue;
  readonly locks: ClusterLocks;
  readonly logger: Logger;
}

/**
 * Makes connectors match their rows: one that should run is healed (its dead process started
 * again) and its row gets the runtime's status; a pending change whose job is lost is enqueued
 * again. Connectors of a cluster on its way out are left to the cluster's deletion.
 */
export async function reconcileConnectors(parts: ConnectorReconcileParts): Promise<ConnectorReconcileReport> {
  const { store, operations, queue, locks, logger } = parts;
  const report: ConnectorReconcileReport = { checked: [], failed: [], requeued: [] };
  const tasks: Promise<void>[] = [];
  for (const row of await store.live()) {
    if (row.cluster.status === "Deleting" || row.cluster.status === "Deleted") continue;
    const change = { clusterId: row.clusterId, connectorId: row.id, generation: row.generation };
    if (row.status === "Deleting") {
      report.requeued.push(row.id);
      tasks.push(queue.enqueue("delete-connector", change));
    } else if (row.desiredState === "stopped") {
      if (row.status === "Stopped") continue;
      report.requeued.push(row.id);
      tasks.push(queue.enqueue("stop-connector", change));
    } else if (row.status === "Pending") {
      report.requeued.push(row.id);
      tasks.push(queue.enqueue("deploy-connector", change));
    } else {
      tasks.push(
        locks
          .run(row.clusterId, () => operations.heal(row.id))
          .then(
            () => void report.checked.push(row.id),
            (error: unknown) => {
              report.failed.push(row.id);
              logger.error({ connectorId: row.id, err: error }, "reconcile could not heal a connector");
            },
          ),
      );
    }
  }
  await Promise.all(tasks);
  return report;
}
