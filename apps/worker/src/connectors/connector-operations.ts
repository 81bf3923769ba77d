import { setTimeout as sleep } from "node:timers/promises";
import type { Prisma } from "@freshet/db/client";
import { connectorLogin } from "@freshet/control-plane/control-plane-login";
import type { Logger } from "pino";
import type { ClusterOperations, RunContext } from "../clusters/cluster-operations.js";
import type { ConnectorHost, ConnectorObservation } from "../drivers/connector-host.js";
import type { ConnectorObserved, ConnectorRow, ConnectorStore } from "./connector-store.js";
import { connectorYaml } from "./connector-yaml.js";

export interface ConnectorOperationsOptions {
  readonly store: ConnectorStore;
  readonly host: ConnectorHost;
  /** Rewrites the cluster's credentials file, which carries every connector's login. */
  readonly clusters: ClusterOperations;
  readonly secret: string;
  readonly logger: Logger;
  /** How long a deploy waits for the runtime to say running or failed before leaving it to reconcile. Default 20 s. */
  readonly settleTimeoutMs?: number;
  /** How often a deploy looks at the runtime's status file meanwhile. Default 250 ms. */
  readonly pollMs?: number;
}

/**
 * What the connector jobs and the reconcile pass do to one connector. Each acts for the row's
 * generation it was enqueued with and does nothing for an older one. Callers hold the cluster's
 * lock (ClusterLocks), so a connector never starts while its cluster's members move.
 */
export class ConnectorOperations {
  constructor(private readonly options: ConnectorOperationsOptions) {}

  /** desiredState running: its login in the cluster, its process started (or adopted), then its runtime's first word. */
  async deploy(connectorId: string, generation: number, context: RunContext): Promise<void> {
    const row = await this.#current(connectorId, generation, "deploy");
    if (row === null || row.desiredState !== "running") return;
    if (row.cluster.status !== "Running" || row.cluster.bootstrapHost === null || row.cluster.bootstrapPort === null) {
      const reason = `its cluster is ${row.cluster.status}, not Running`;
      if (context.finalAttempt) await this.options.store.write(row, { status: "Failed", statusReason: `The connector could not start: ${reason}.` });
      throw new Error(`connector ${connectorId} cannot deploy: ${reason}`);
    }
    if (row.status !== "Running") await this.options.store.write(row, { status: "Deploying", statusReason: null });
    // A runtime that reported Failed moves no data until it is restarted: this deploy is that restart.
    const before = await this.options.host.observe(row.clusterId, row.id);
    if (before.alive && before.status?.state === "failed") await this.options.host.stop(row.clusterId, row.id);
    const startedAt = Date.now();
    try {
      await this.#ensure(row);
    } catch (error) {
      if (context.finalAttempt) await this.options.store.write(row, { status: "Failed", statusReason: `The connector process could not start: ${(error as Error).message.split("\n")[0] ?? ""}` });
      throw error;
    }
    const observation = await this.#settled(row, startedAt, context.signal);
    await this.options.store.write(row, observed(row, observation));
  }

  /** desiredState stopped: the process ends (the runtime commits what it wrote first); files and offsets stay. */
  async stop(connectorId: string, generation: number): Promise<void> {
    const row = await this.#current(connectorId, generation, "stop");
    if (row === null) return;
    await this.options.host.stop(row.clusterId, row.id);
    const last = await this.options.host.observe(row.clusterId, row.id);
    await this.options.store.write(row, { status: "Stopped", statusReason: null, ...lastWords(last) });
    this.options.logger.info({ connectorId }, "connector stopped");
  }

  /** Deleting → process stopped, files removed, login dropped from the cluster → Deleted. */
  async delete(connectorId: string, generation: number): Promise<void> {
    const row = await this.options.store.get(connectorId);
    if (row === null || row.generation !== generation || row.status !== "Deleting") {
      this.options.logger.info({ connectorId, generation, status: row?.status ?? "unknown" }, "connector delete skipped");
      return;
    }
    await this.options.host.remove(row.clusterId, row.id);
    await this.options.store.markDeleted(row);
    if (row.cluster.status === "Running") await this.options.clusters.syncCredentials(row.clusterId);
    this.options.logger.info({ connectorId }, "connector deleted");
  }

  /**
   * The reconcile pass's look at a connector that should run: a dead process is started again
   * (a runtime that reported Failed keeps running and is left alone until someone restarts it),
   * and the row gets the runtime's status, counters and log tail.
   */
  async heal(connectorId: string): Promise<void> {
    const row = await this.options.store.get(connectorId);
    if (row === null || row.desiredState !== "running" || row.status === "Pending" || row.status === "Deleting" || row.status === "Deleted") return;
    if (row.cluster.status !== "Running") return;
    if (await this.#ensure(row)) this.options.logger.warn({ connectorId }, "connector process was gone; started again");
    await this.options.store.write(row, observed(row, await this.options.host.observe(row.clusterId, row.id)));
  }

  async #current(connectorId: string, generation: number, job: string): Promise<ConnectorRow | null> {
    const row = await this.options.store.get(connectorId);
    if (row === null || row.generation !== generation || row.status === "Deleting" || row.status === "Deleted") {
      this.options.logger.info({ connectorId, generation, current: row?.generation, status: row?.status ?? "unknown" }, `connector ${job} skipped: a later change superseded it`);
      return null;
    }
    return row;
  }

  async #ensure(row: ConnectorRow): Promise<boolean> {
    const login = connectorLogin(this.options.secret, row.clusterId, row.id);
    const bootstrap = { host: row.cluster.bootstrapHost, port: row.cluster.bootstrapPort };
    await this.options.clusters.syncCredentialsFor(row.clusterId, bootstrap, { mechanism: "scram-sha-256", username: login.username, password: login.password });
    const yaml = connectorYaml(row.config, { bootstrap: `${row.cluster.bootstrapHost ?? ""}:${row.cluster.bootstrapPort ?? 0}`, username: login.username });
    return this.options.host.ensure({ clusterId: row.clusterId, connectorId: row.id, yaml, password: login.password });
  }

  /** Polls the runtime until it says running or failed after `since`, the process dies, or the time is up. */
  async #settled(row: ConnectorRow, since: number, signal?: AbortSignal): Promise<ConnectorObservation> {
    const deadline = Date.now() + (this.options.settleTimeoutMs ?? 20_000);
    for (;;) {
      const observation = await this.options.host.observe(row.clusterId, row.id);
      const fresh = observation.status !== null && Date.parse(observation.status.updatedAt) >= since;
      const settled = fresh && (observation.status?.state === "running" || observation.status?.state === "failed");
      if (settled || !observation.alive || Date.now() >= deadline) return observation;
      await sleep(this.options.pollMs ?? 250, undefined, signal === undefined ? undefined : { signal });
    }
  }
}

/** The row's status from what the host saw of a connector that should run. */
function observed(row: ConnectorRow, observation: ConnectorObservation): ConnectorObserved {
  const words = lastWords(observation);
  if (!observation.alive) return { status: "Failed", statusReason: `The connector process exited; it is started again. Its log ends: ${lastLine(observation.logTail)}`, ...words };
  switch (observation.status?.state) {
    case "running":
      return { status: "Running", statusReason: null, ...words };
    case "failed":
      return { status: "Failed", statusReason: observation.status.reason ?? "The connector failed without saying why.", ...words };
    case "starting":
    case "stopped":
    case undefined:
      return { status: row.status === "Running" ? "Running" : "Deploying", statusReason: null, ...words };
  }
}

function lastWords(observation: ConnectorObservation): { metrics?: Prisma.InputJsonObject; logTail: string } {
  return { ...(observation.status === null ? {} : { metrics: { ...observation.status.metrics } }), logTail: observation.logTail };
}

function lastLine(logTail: string): string {
  return logTail.trimEnd().split("\n").at(-1)?.slice(0, 300) ?? "(nothing)";
}
