import type { Logger } from "pino";
import type { Provisioner } from "../drivers/provisioner.js";
import type { ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import type { ClusterLocks } from "./cluster-locks.js";
import type { ClusterOperations } from "./cluster-operations.js";
import type { ClusterStore } from "./cluster-store.js";

export interface ReconcileReport {
  /** Running clusters checked (and healed where members were missing). */
  readonly checked: string[];
  /** Clusters whose check failed (logged; the next pass tries again). */
  readonly failed: string[];
  /** Clusters with processes or data here but no row: stopped with their data kept, or removed (see `orphans`). */
  readonly orphans: string[];
  /** Deleted clusters whose leftovers were removed. */
  readonly removed: string[];
}

export interface ReconcileParts {
  readonly store: ClusterStore;
  readonly provisioner: Provisioner;
  readonly operations: ClusterOperations;
  readonly queue: ProvisioningQueue;
  readonly locks: ClusterLocks;
  readonly logger: Logger;
  /**
   * What becomes of a cluster here the database has no row for: "stop" keeps its data (a worker
   * pointed at the wrong database must not wipe tenants), "remove" deletes it (a driver whose
   * leftovers hold quota and volumes, and which only lists what carries its own labels). Default "stop".
   */
  readonly orphans?: "stop" | "remove";
}

/**
 * Makes what runs here match the database: Running clusters get their missing members back,
 * clusters between states get their job again (a no-op while it is queued, thanks to job ids),
 * and processes of deleted or unknown clusters are stopped (or removed, see `orphans`). A Running
 * cluster whose members, or whose whole namespace, are gone is provisioned again.
 */
export async function reconcile(parts: ReconcileParts): Promise<ReconcileReport> {
  const { store, provisioner, operations, queue, locks, logger } = parts;
  const rows = await store.all();
  const report: ReconcileReport = { checked: [], failed: [], orphans: [], removed: [] };
  const tasks: Promise<void>[] = [];
  for (const row of rows) {
    if (row.status === "Running") {
      tasks.push(
        locks
          .run(row.id, () => operations.provision(row.id, { finalAttempt: false }))
          .then(
            () => void report.checked.push(row.id),
            (error: unknown) => {
              report.failed.push(row.id);
              logger.error({ clusterId: row.id, err: error }, "reconcile could not heal a running cluster");
            },
          ),
      );
    } else if (row.status === "Pending" || row.status === "Provisioning") {
      tasks.push(queue.enqueue("provision-cluster", { clusterId: row.id }));
    } else if (row.status === "Deleting") {
      tasks.push(queue.enqueue("deprovision-cluster", { clusterId: row.id }));
    }
  }
  const statusOf = new Map(rows.map((row) => [row.id, row.status]));
  for (const clusterId of await provisioner.clusterIds()) {
    const status = statusOf.get(clusterId);
    if (status === undefined) {
      report.orphans.push(clusterId);
      if (parts.orphans === "remove") {
        logger.warn({ clusterId }, "removing a cluster the database does not know");
        tasks.push(locks.run(clusterId, () => provisioner.remove(clusterId)));
      } else {
        logger.warn({ clusterId }, "stopping the processes of a cluster the database does not know");
        tasks.push(locks.run(clusterId, () => provisioner.stop(clusterId)));
      }
    } else if (status === "Deleted") {
      report.removed.push(clusterId);
      tasks.push(locks.run(clusterId, () => provisioner.remove(clusterId)));
    }
  }
  await Promise.all(tasks);
  logger.info(report, "reconciled");
  return report;
}
