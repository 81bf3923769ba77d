import { mkdir, readdir, rm } from "node:fs/promises";
import { isAlive, processesWithFlag, stopProcess, type ProcessIdentity } from "@freshet/spu-worker/launch";
import type { Logger } from "pino";
import { readStatusFile } from "@freshet/connectors/status";
import type { ConnectorHost, ConnectorObservation, ConnectorSpec } from "../connector-host.js";
import { ConnectorLayout, connectorIdOfDataDir, connectorsDirOf } from "./connector-layout.js";
import { replaceFile, spawnDetached } from "./detached-process.js";
import { logTail } from "./member-process.js";
import { readMemberRecord, writeMemberRecord } from "./member-record.js";

export interface LocalConnectorsOptions {
  /** The directory of one cluster's files, given its id (the LocalDriver's ClusterLayout root). */
  readonly clusterRoot: (clusterId: string) => string;
  /** apps/spu-worker's entry, run with `--role connector`. */
  readonly entry: string;
  readonly logger: Logger;
  /** How long a SIGTERM may take before SIGKILL (the runtime flushes and commits first). */
  readonly stopTimeoutMs: number;
}

/** Lines of a connector's log copied with its status. */
const LOG_TAIL_LINES = 50;

/**
 * Connectors as detached processes of apps/spu-worker's connector role beside their cluster's
 * members, so they outlive the worker like the members do: a restarted worker adopts them by
 * record (pid + start time) or, after a crash between spawn and record, by --data-dir.
 */
export class LocalConnectors implements ConnectorHost {
  constructor(private readonly options: LocalConnectorsOptions) {}

  layout(clusterId: string, connectorId: string): ConnectorLayout {
    return new ConnectorLayout(this.options.clusterRoot(clusterId), connectorId);
  }

  async ensure(spec: ConnectorSpec): Promise<boolean> {
    const layout = this.layout(spec.clusterId, spec.connectorId);
    await mkdir(layout.dataDir, { recursive: true });
    await replaceFile(layout.passwordFile, spec.password, 0o600);
    const yamlChanged = await replaceFile(layout.configFile, spec.yaml, 0o600);
    let identity = await this.#running(layout);
    if (identity !== null && yamlChanged) {
      // A new cluster address or password (the cluster moved): the process reads its YAML only at start.
      const outcome = await stopProcess(identity, this.options.stopTimeoutMs);
      this.options.logger.info({ connectorId: spec.connectorId, pid: identity.pid, outcome }, "connector restarted with a new configuration");
      identity = null;
    }
    if (identity !== null) return false;
    identity = await this.#spawn(layout);
    await writeMemberRecord(layout.recordFile, identity, 0);
    this.options.logger.info({ clusterId: spec.clusterId, connectorId: spec.connectorId, pid: identity.pid }, "connector started");
    return true;
  }

  async stop(clusterId: string, connectorId: string): Promise<void> {
    const layout = this.layout(clusterId, connectorId);
    const identity = await this.#running(layout);
    if (identity === null) return;
    const outcome = await stopProcess(identity, this.options.stopTimeoutMs);
    this.options.logger.info({ clusterId, connectorId, pid: identity.pid, outcome }, "connector stopped");
  }

  async remove(clusterId: string, connectorId: string): Promise<void> {
    await this.stop(clusterId, connectorId);
    await rm(this.layout(clusterId, connectorId).root, { recursive: true, force: true });
  }

  async observe(clusterId: string, connectorId: string): Promise<ConnectorObservation> {
    const layout = this.layout(clusterId, connectorId);
    return { alive: (await this.#running(layout)) !== null, status: (await readStatusFile(layout.dataDir)) ?? null, logTail: await logTail(layout.logFile, LOG_TAIL_LINES) };
  }

  async connectorIds(clusterId: string): Promise<Set<string>> {
    const dirs = await readdir(connectorsDirOf(this.options.clusterRoot(clusterId))).catch(() => []);
    return new Set([...dirs, ...(await this.#processes(clusterId)).map((p) => p.connectorId)]);
  }

  /** Stops every connector process of the cluster (before its members stop, or when it is removed). */
  async stopAll(clusterId: string): Promise<void> {
    await Promise.all((await this.#processes(clusterId)).map(({ connectorId }) => this.stop(clusterId, connectorId)));
  }

  async #processes(clusterId: string): Promise<{ connectorId: string; identity: ProcessIdentity }[]> {
    const root = this.options.clusterRoot(clusterId);
    const found = await processesWithFlag("--data-dir", (dataDir) => connectorIdOfDataDir(root, dataDir) !== null);
    return found.map(({ identity, value }) => ({ connectorId: connectorIdOfDataDir(root, value)!, identity }));
  }

  async #running(layout: ConnectorLayout): Promise<ProcessIdentity | null> {
    const record = await readMemberRecord(layout.recordFile);
    if (record !== null && isAlive(record)) return record;
    // A crash between spawn and record leaves a process no record names.
    return (await processesWithFlag("--data-dir", (dataDir) => dataDir === layout.dataDir))[0]?.identity ?? null;
  }

  #spawn(layout: ConnectorLayout): Promise<ProcessIdentity> {
    return spawnDetached([this.options.entry, "--role", "connector", "--connector-config", layout.configFile, "--data-dir", layout.dataDir], layout.logFile, "connector");
  }
}
