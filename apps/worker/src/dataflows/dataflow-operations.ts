import { setTimeout as sleep } from "node:timers/promises";
import { dataflowLogin } from "@freshet/control-plane/control-plane-login";
import type { Prisma } from "@freshet/db/client";
import type { Logger } from "pino";
import type { ClusterOperations, RunContext } from "../clusters/cluster-operations.js";
import { connectorYaml } from "../connectors/connector-yaml.js";
import type { DataflowHost, DataflowObservation } from "../drivers/dataflow-host.js";
import type { DataflowObserved, DataflowRow, DataflowStore } from "./dataflow-store.js";

export interface DataflowOperationsOptions {
  readonly store: DataflowStore;
  readonly host: DataflowHost;
  /** Rewrites the cluster's credentials file, which carries every dataflow's login. */
  readonly clusters: ClusterOperations;
  readonly secret: string;
  readonly logger: Logger;
  /** How long a deploy waits for the runtime to say running or failed before leaving it to reconcile. Default 20 s. */
  readonly settleTimeoutMs?: number;
  /** How often a deploy looks at the runtime's status file meanwhile. Default 250 ms. */
  readonly pollMs?: number;
}

/**
 * What the dataflow jobs and the reconcile pass do to one dataflow. Each acts for the row's
 * generation it was enqueued with and does nothing for an older one; callers hold the cluster's lock.
 */
export class DataflowOperations {
  constructor(private readonly options: DataflowOperationsOptions) {}

  /** Its login in the cluster, its process started (or restarted with a new document), then its runtime's first word. */
  async deploy(dataflowId: string, generation: number, context: RunContext): Promise<void> {
    const row = await this.options.store.get(dataflowId);
    if (row === null || row.generation !== generation || row.status === "Deleting" || row.status === "Deleted") {
      this.options.logger.info({ dataflowId, generation, current: row?.generation, status: row?.status ?? "unknown" }, "dataflow deploy skipped: a later change superseded it");
      return;
    }
    if (row.cluster.status !== "Running" || row.cluster.bootstrapHost === null || row.cluster.bootstrapPort === null) {
      const reason = `its cluster is ${row.cluster.status}, not Running`;
      if (context.finalAttempt) await this.options.store.write(row, { status: "Failed", statusReason: `The dataflow could not start: ${reason}.`, endpoint: null });
      throw new Error(`dataflow ${dataflowId} cannot deploy: ${reason}`);
    }
    await this.options.store.write(row, { status: "Deploying", statusReason: null, endpoint: null });
    // A runtime that reported failed moves no data until it is restarted: a deploy (of the same document too) is that restart.
    const before = await this.options.host.observe(row.clusterId, row.id);
    if (before.alive && before.status?.state === "failed") await this.options.host.stop(row.clusterId, row.id);
    const startedAt = Date.now();
    try {
      await this.#ensure(row);
    } catch (error) {
      if (context.finalAttempt)
        await this.options.store.write(row, { status: "Failed", statusReason: `The dataflow process could not start: ${(error as Error).message.split("\n")[0] ?? ""}`, endpoint: null });
      throw error;
    }
    await this.options.store.write(row, observed(row, await this.#settled(row, startedAt, context.signal)));
  }

  /** Deleting → process stopped, files (and state) removed, login dropped from the cluster → Deleted. */
  async delete(dataflowId: string, generation: number): Promise<void> {
    const row = await this.options.store.get(dataflowId);
    if (row === null || row.generation !== generation || row.status !== "Deleting") {
      this.options.logger.info({ dataflowId, generation, status: row?.status ?? "unknown" }, "dataflow delete skipped");
      return;
    }
    await this.options.host.remove(row.clusterId, row.id);
    await this.options.store.markDeleted(row);
    if (row.cluster.status === "Running") await this.options.clusters.syncCredentials(row.clusterId);
    this.options.logger.info({ dataflowId }, "dataflow deleted");
  }

  /** The reconcile pass's look: a dead process is started again, and the row gets the runtime's status. */
  async heal(dataflowId: string): Promise<void> {
    const row = await this.options.store.get(dataflowId);
    if (row === null || row.status === "Pending" || row.status === "Deleting" || row.status === "Deleted") return;
    if (row.cluster.status !== "Running") return;
    if (await this.#ensure(row)) this.options.logger.warn({ dataflowId }, "dataflow process was gone; started again");
    await this.options.store.write(row, observed(row, await this.options.host.observe(row.clusterId, row.id)));
  }

  async #ensure(row: DataflowRow): Promise<boolean> {
    const login = dataflowLogin(this.options.secret, row.clusterId, row.id);
    const bootstrap = { host: row.cluster.bootstrapHost, port: row.cluster.bootstrapPort };
    await this.options.clusters.syncCredentialsFor(row.clusterId, bootstrap, { mechanism: "scram-sha-256", username: login.username, password: login.password });
    // The cluster block has the connectors' shape, so the same fill-in serves.
    const yaml = connectorYaml(row.document, { bootstrap: `${row.cluster.bootstrapHost ?? ""}:${row.cluster.bootstrapPort ?? 0}`, username: login.username });
    return this.options.host.ensure({ clusterId: row.clusterId, dataflowId: row.id, yaml, password: login.password });
  }

  /** Polls until the runtime says running or failed after `since` (with its HTTP API known), the process dies, or the time is up. */
  async #settled(row: DataflowRow, since: number, signal?: AbortSignal): Promise<DataflowObservation> {
    const deadline = Date.now() + (this.options.settleTimeoutMs ?? 20_000);
    for (;;) {
      const observation = await this.options.host.observe(row.clusterId, row.id);
      const fresh = observation.status !== null && Date.parse(observation.status.updatedAt) >= since;
      const settled = fresh && (observation.status?.state === "failed" || (observation.status?.state === "running" && observation.endpoint !== null));
      if (settled || !observation.alive || Date.now() >= deadline) return observation;
      await sleep(this.options.pollMs ?? 250, undefined, signal === undefined ? undefined : { signal });
    }
  }
}

/** The row's status from what the host saw of a dataflow that should run. */
function observed(row: DataflowRow, observation: DataflowObservation): DataflowObserved {
  const words = { ...(observation.status === null ? {} : { runtimeStatus: JSON.parse(JSON.stringify(observation.status)) as Prisma.InputJsonObject }), logTail: observation.logTail };
  if (!observation.alive) {
    return { status: "Failed", statusReason: `The dataflow process exited; it is started again. Its log ends: ${lastLine(observation.logTail)}`, endpoint: null, ...words };
  }
  switch (observation.status?.state) {
    case "running":
      return { status: "Running", statusReason: null, endpoint: observation.endpoint, ...words };
    case "failed":
      return { status: "Failed", statusReason: observation.status.reason ?? "The dataflow failed without saying why.", endpoint: observation.endpoint, ...words };
    case "starting":
    case undefined:
      return { status: row.status === "Running" ? "Running" : "Deploying", statusReason: null, endpoint: observation.endpoint, ...words };
  }
}

function lastLine(logTail: string): string {
  return logTail.trimEnd().split("\n").at(-1)?.slice(0, 300) ?? "(nothing)";
}
