import type { Logger } from "pino";
import { CONTROL_PLANE_USERNAME, controlPlanePassword } from "@freshet/control-plane/control-plane-login";
import type { SaslOptions } from "@freshet/client/connection/sasl/sasl-options";
import { buildCredentialsFile } from "../credentials/credentials-file.js";
import { waitHealthy } from "../drivers/local/health.js";
import type { ClusterSpec, Provisioner } from "../drivers/provisioner.js";
import type { ClusterRow, ClusterStore } from "./cluster-store.js";

/** How long a starting process waits for its new login to be accepted: a few credential polls. */
const LOGIN_ACCEPTED_TIMEOUT_MS = 15_000;

export interface RunContext {
  readonly signal?: AbortSignal;
  /** No retry follows a failure of this run: the cluster is marked Failed. */
  readonly finalAttempt: boolean;
  /** When the job was enqueued (ms since epoch), for the time-to-Running log line. */
  readonly enqueuedAt?: number;
}

/**
 * What the jobs and the reconcile pass do to one cluster, each converging from any state an
 * interrupted earlier run left. Callers hold the cluster's lock (ClusterLocks).
 */
export class ClusterOperations {
  constructor(
    private readonly store: ClusterStore,
    private readonly provisioner: Provisioner,
    private readonly secret: string,
    private readonly logger: Logger,
  ) {}

  /** Pending/Provisioning/Failed → Provisioning → Running (Failed after the last attempt); a Running cluster is healed. */
  async provision(clusterId: string, context: RunContext): Promise<void> {
    const row = await this.store.get(clusterId);
    if (row === null || row.status === "Deleting" || row.status === "Deleted") {
      this.logger.info({ clusterId, status: row?.status ?? "unknown" }, "provision skipped");
      return;
    }
    const wasRunning = row.status === "Running";
    if (!wasRunning) await this.store.markProvisioning(clusterId);
    let provisioned;
    try {
      provisioned = await this.provisioner.provision(await this.#spec(row), context.signal);
    } catch (error) {
      await this.#provisionFailed(row, error, context);
      throw error;
    }
    const address = {
      bootstrapHost: provisioned.bootstrapHost,
      bootstrapPort: provisioned.bootstrapPort,
      scPort: provisioned.scPort,
      dataDir: provisioned.dataDir,
      tlsCaPem: provisioned.caPem,
    };
    if (wasRunning) {
      await this.store.updateRunningAddress(clusterId, address);
      if (provisioned.started.length > 0) this.logger.info({ clusterId, restarted: provisioned.started }, "cluster healed");
    } else if (await this.store.markRunning(clusterId, address)) {
      const msSinceEnqueue = context.enqueuedAt === undefined ? undefined : Date.now() - context.enqueuedAt;
      this.logger.info({ clusterId, bootstrap: `${address.bootstrapHost}:${address.bootstrapPort}`, started: provisioned.started, msSinceEnqueue }, "cluster running");
    } else {
      this.logger.info({ clusterId }, "cluster left Provisioning meanwhile; not marked Running");
    }
  }

  async #provisionFailed(row: ClusterRow, error: unknown, context: RunContext): Promise<void> {
    const message = (error as Error).message.split("\n")[0] ?? String(error);
    if (!context.finalAttempt) {
      this.logger.warn({ clusterId: row.id, err: error }, "provisioning attempt failed; retrying");
      if (row.status !== "Running") await this.store.markProvisioning(row.id, `retrying after: ${message}`);
      return;
    }
    this.logger.error({ clusterId: row.id, err: error }, "provisioning failed");
    await this.store.markFailed(row.id, message);
    // Processes of a cluster that will not run only hold ports and memory; its data stays for a look.
    await this.provisioner.stop(row.id).catch((cause: unknown) => this.logger.error({ clusterId: row.id, err: cause }, "stopping a failed cluster failed"));
  }

  /** Deleting → processes stopped, data removed → Deleted. */
  async deprovision(clusterId: string): Promise<void> {
    const row = await this.store.get(clusterId);
    if (row !== null && row.status !== "Deleting" && row.status !== "Deleted") {
      this.logger.warn({ clusterId, status: row.status }, "deprovision skipped: the cluster is not being deleted");
      return;
    }
    await this.provisioner.remove(clusterId);
    if (row?.status === "Deleting") await this.store.markDeleted(clusterId);
    this.logger.info({ clusterId }, "cluster deleted");
  }

  /** Rewrites the credentials file from the rows; running SPUs re-read it. True when it changed. */
  async syncCredentials(clusterId: string): Promise<boolean> {
    const row = await this.store.get(clusterId);
    if (row === null || row.status === "Deleting" || row.status === "Deleted") return false;
    const changed = await this.provisioner.writeCredentials(clusterId, (await this.#spec(row)).credentials);
    this.logger.info({ clusterId, changed }, "credentials synced");
    return changed;
  }

  /**
   * Syncs the credentials for a process about to start with `login`, and when the file changed waits
   * until the cluster's bootstrap broker accepts that login: SPUs re-read the file on a poll (about a
   * second), and a process started before then has its first login refused and counts an error.
   */
  async syncCredentialsFor(clusterId: string, bootstrap: { host: string | null; port: number | null }, login: SaslOptions, signal?: AbortSignal): Promise<void> {
    if (!(await this.syncCredentials(clusterId)) || bootstrap.host === null || bootstrap.port === null) return;
    await waitHealthy({ host: bootstrap.host, port: bootstrap.port, login, nodeIds: [] }, LOGIN_ACCEPTED_TIMEOUT_MS, signal);
  }

  async #spec(row: ClusterRow): Promise<ClusterSpec> {
    return {
      clusterId: row.id,
      spus: row.spuCount,
      maxPartitions: row.partitionsLimit,
      credentials: await buildCredentialsFile(this.secret, row.id, await this.store.activeCredentials(row.id), {
        connectorIds: await this.store.connectorIds(row.id),
        dataflowIds: await this.store.dataflowIds(row.id),
      }),
      login: { mechanism: "scram-sha-256", username: CONTROL_PLANE_USERNAME, password: controlPlanePassword(this.secret, row.id) },
    };
  }
}
