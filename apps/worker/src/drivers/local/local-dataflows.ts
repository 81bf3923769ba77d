import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { dataflowStatusSchema, STATUS_FILE, type DataflowRuntimeStatus } from "@freshet/control-plane/dataflows/dataflow-process";
import { isAlive, processesWithFlag, runtimeFilePath, stopProcess, type ProcessIdentity } from "@freshet/spu-worker/launch";
import type { Logger } from "pino";
import { z } from "zod";
import type { DataflowHost, DataflowObservation, DataflowSpec } from "../dataflow-host.js";
import { DataflowLayout, dataflowIdOfDataDir, dataflowsDirOf } from "./dataflow-layout.js";
import { replaceFile, spawnDetached } from "./detached-process.js";
import { logTail } from "./member-process.js";
import { readMemberRecord, writeMemberRecord } from "./member-record.js";

export interface LocalDataflowsOptions {
  /** The directory of one cluster's files, given its id (the LocalDriver's ClusterLayout root). */
  readonly clusterRoot: (clusterId: string) => string;
  /** apps/spu-worker's entry, run with `--role dataflow`. */
  readonly entry: string;
  readonly logger: Logger;
  /** How long a SIGTERM may take before SIGKILL (the runtime checkpoints first). */
  readonly stopTimeoutMs: number;
}

const LOG_TAIL_LINES = 50;

/** The part of the runtime file the cloud needs: where the dataflow's HTTP API listens, and who wrote it. */
const runtimeFileSchema = z.object({ pid: z.number().int(), host: z.string().min(1), port: z.number().int().min(1).max(65_535) });

/**
 * Dataflows as detached processes of apps/spu-worker's dataflow role beside their cluster's
 * members (like LocalConnectors): adopted by record or --data-dir after a worker restart.
 * The HTTP API listens on a free port (`--port 0`) named in the runtime file once it listens.
 */
export class LocalDataflows implements DataflowHost {
  constructor(private readonly options: LocalDataflowsOptions) {}

  layout(clusterId: string, dataflowId: string): DataflowLayout {
    return new DataflowLayout(this.options.clusterRoot(clusterId), dataflowId);
  }

  async ensure(spec: DataflowSpec): Promise<boolean> {
    const layout = this.layout(spec.clusterId, spec.dataflowId);
    await mkdir(layout.dataDir, { recursive: true });
    await replaceFile(layout.passwordFile, spec.password, 0o600);
    const changed = await replaceFile(layout.configFile, spec.yaml, 0o600);
    let identity = await this.#running(layout);
    if (identity !== null && changed) {
      // A redeployed document, or the cluster moved: the process reads its document only at start. Its state stays.
      const outcome = await stopProcess(identity, this.options.stopTimeoutMs);
      this.options.logger.info({ dataflowId: spec.dataflowId, pid: identity.pid, outcome }, "dataflow restarted with a new document");
      identity = null;
    }
    if (identity !== null) return false;
    identity = await spawnDetached([this.options.entry, "--role", "dataflow", "--dataflow-config", layout.configFile, "--data-dir", layout.dataDir, "--port", "0"], layout.logFile, "dataflow");
    await writeMemberRecord(layout.recordFile, identity, 0);
    this.options.logger.info({ clusterId: spec.clusterId, dataflowId: spec.dataflowId, pid: identity.pid }, "dataflow started");
    return true;
  }

  async stop(clusterId: string, dataflowId: string): Promise<void> {
    const identity = await this.#running(this.layout(clusterId, dataflowId));
    if (identity === null) return;
    const outcome = await stopProcess(identity, this.options.stopTimeoutMs);
    this.options.logger.info({ clusterId, dataflowId, pid: identity.pid, outcome }, "dataflow stopped");
  }

  async remove(clusterId: string, dataflowId: string): Promise<void> {
    await this.stop(clusterId, dataflowId);
    await rm(this.layout(clusterId, dataflowId).root, { recursive: true, force: true });
  }

  async observe(clusterId: string, dataflowId: string): Promise<DataflowObservation> {
    const layout = this.layout(clusterId, dataflowId);
    const identity = await this.#running(layout);
    return {
      alive: identity !== null,
      status: await readStatus(layout.dataDir),
      endpoint: identity === null ? null : await endpointOf(layout.dataDir, identity),
      logTail: await logTail(layout.logFile, LOG_TAIL_LINES),
    };
  }

  /** Dataflows with a process or files here. */
  async dataflowIds(clusterId: string): Promise<Set<string>> {
    const dirs = await readdir(dataflowsDirOf(this.options.clusterRoot(clusterId))).catch(() => []);
    return new Set([...dirs, ...(await this.#processes(clusterId)).map((p) => p.dataflowId)]);
  }

  /** Stops every dataflow process of the cluster (before its members stop, or when it is removed). */
  async stopAll(clusterId: string): Promise<void> {
    await Promise.all((await this.#processes(clusterId)).map(({ dataflowId }) => this.stop(clusterId, dataflowId)));
  }

  async #processes(clusterId: string): Promise<{ dataflowId: string; identity: ProcessIdentity }[]> {
    const root = this.options.clusterRoot(clusterId);
    const found = await processesWithFlag("--data-dir", (dataDir) => dataflowIdOfDataDir(root, dataDir) !== null);
    return found.map(({ identity, value }) => ({ dataflowId: dataflowIdOfDataDir(root, value)!, identity }));
  }

  async #running(layout: DataflowLayout): Promise<ProcessIdentity | null> {
    const record = await readMemberRecord(layout.recordFile);
    if (record !== null && isAlive(record)) return record;
    // A crash between spawn and record leaves a process no record names.
    return (await processesWithFlag("--data-dir", (dataDir) => dataDir === layout.dataDir))[0]?.identity ?? null;
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch {
    // Missing, or caught mid-write by a runtime that does not write by rename.
    return null;
  }
}

async function readStatus(dataDir: string): Promise<DataflowRuntimeStatus | null> {
  const parsed = dataflowStatusSchema.safeParse(await readJson(join(dataDir, STATUS_FILE)));
  return parsed.success ? parsed.data : null;
}

/** The HTTP API's host:port, from a runtime file written by this very process (a crashed one's file may linger). */
async function endpointOf(dataDir: string, identity: ProcessIdentity): Promise<string | null> {
  const parsed = runtimeFileSchema.safeParse(await readJson(runtimeFilePath(dataDir)));
  if (!parsed.success || parsed.data.pid !== identity.pid) return null;
  const host = parsed.data.host === "0.0.0.0" || parsed.data.host === "::" ? "127.0.0.1" : parsed.data.host;
  return `${host}:${parsed.data.port.toString()}`;
}
