import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CredentialsFileJson } from "@freshet/engine/auth/credentials-file";
import { CONTROL_PLANE_USERNAME } from "@freshet/control-plane/control-plane-login";
import { commandLineOf, engineArgv, ENGINE_ENTRY, isAlive, processesWithFlag, stopProcess, type EngineArgs, type ProcessIdentity } from "@freshet/spu-worker/launch";
import type { Logger } from "pino";
import type { MetricsTarget } from "../../metering/metrics-targets.js";
import type { ClusterSpec, Provisioner, ProvisionedCluster } from "../provisioner.js";
import { ClusterLayout, clusterIdOfDataDir, memberNames, type MemberName } from "./cluster-layout.js";
import { ensureClusterTls } from "./cluster-tls.js";
import { LocalConnectors } from "./local-connectors.js";
import { LocalDataflows } from "./local-dataflows.js";
import { waitHealthy } from "./health.js";
import { spawnMember, waitForListening } from "./member-process.js";
import { readMemberRecord, writeMemberRecord } from "./member-record.js";

export interface LocalDriverOptions {
  /** FRESHET_CLOUD_DATA: clusters live in `<dataRoot>/clusters/<clusterId>/`. */
  readonly dataRoot: string;
  /** The engine worker's entry. Default: apps/spu-worker's dist/main.js in this workspace. */
  readonly spuEntry?: string;
  /** What runs `--role dataflow`. Default: spuEntry (tests give a stand-in that speaks the process contract). */
  readonly dataflowEntry?: string;
  readonly logger: Logger;
  /** How long one process may take to listen, and the whole cluster to turn healthy. Default 20 s. */
  readonly startTimeoutMs?: number;
  /** How long a SIGTERM may take before SIGKILL. Default 10 s. */
  readonly stopTimeoutMs?: number;
}

/** A process of some cluster under this driver's data root, found by its --data-dir. */
export interface ClusterProcess {
  readonly clusterId: string;
  readonly dataDir: string;
  readonly identity: ProcessIdentity;
}

const HOST = "127.0.0.1";

/**
 * Tenant clusters as processes on this machine: the SC and N SPUs of apps/spu-worker,
 * detached, one data directory each. Every operation converges from whatever a crash left:
 * members already running are adopted (pid file + start time, or found by data directory
 * when the crash came between spawn and pid file), dead ones restarted on their old port.
 */
export class LocalDriver implements Provisioner {
  /** The clusters' connectors, as processes beside their members. */
  readonly connectors: LocalConnectors;
  /** The clusters' dataflows, as processes beside their members. */
  readonly dataflows: LocalDataflows;
  readonly #clustersDir: string;
  readonly #startTimeoutMs: number;
  readonly #stopTimeoutMs: number;

  constructor(private readonly options: LocalDriverOptions) {
    this.#clustersDir = join(options.dataRoot, "clusters");
    this.#startTimeoutMs = options.startTimeoutMs ?? 20_000;
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    const sidecars = { clusterRoot: (clusterId: string) => this.layout(clusterId).root, entry: options.spuEntry ?? ENGINE_ENTRY, logger: options.logger, stopTimeoutMs: this.#stopTimeoutMs };
    this.connectors = new LocalConnectors(sidecars);
    this.dataflows = new LocalDataflows({ ...sidecars, entry: options.dataflowEntry ?? sidecars.entry });
  }

  layout(clusterId: string): ClusterLayout {
    return new ClusterLayout(this.#clustersDir, clusterId);
  }

  async provision(spec: ClusterSpec, signal?: AbortSignal): Promise<ProvisionedCluster> {
    const layout = this.layout(spec.clusterId);
    await mkdir(layout.root, { recursive: true });
    await this.writeCredentials(spec.clusterId, spec.credentials);
    const caPem = await ensureClusterTls(layout);
    // Clients may connect with TLS on the same port (and only then log in with PLAIN).
    const tls = { tlsCert: layout.tls.certFile, tlsKey: layout.tls.keyFile };
    const controllerSecret = layout.controllerSecretFile;
    // Loopback, and only members holding the cluster's secret get answers: other tenants on this host reach nothing.
    // An SC running with another limit (the plan changed) is restarted with this one.
    const sc = await this.#ensureMember(layout, "sc", { role: "sc", host: HOST, controllerSecret, maxPartitions: spec.maxPartitions }, signal);
    const spus = await Promise.all(
      memberNames(spec.spus)
        .slice(1)
        .map((name, nodeId) => {
          // The control plane manages the cluster's client quotas (the spend cap's producer throttle).
          const args = { role: "spu", sc: `${HOST}:${sc.port}`, controllerSecret, nodeId, saslCredentials: layout.credentialsFile, superUsers: CONTROL_PLANE_USERNAME, ...tls } as const;
          return this.#ensureMember(layout, name, args, signal);
        }),
    );
    const bootstrapPort = spus[0]!.port;
    const nodeIds = spus.map((_, id) => id);
    await waitHealthy({ host: HOST, port: bootstrapPort, login: spec.login, nodeIds }, this.#startTimeoutMs, signal);
    const started = [sc, ...spus].filter((member) => member.started).map((member) => member.name);
    return { bootstrapHost: HOST, bootstrapPort, scPort: sc.port, dataDir: layout.root, started, caPem };
  }

  /** Replaces the cluster's credentials file (atomically) unless it already holds exactly this; SPUs re-read it. */
  async writeCredentials(clusterId: string, credentials: CredentialsFileJson): Promise<boolean> {
    const path = this.layout(clusterId).credentialsFile;
    const text = `${JSON.stringify(credentials, null, 2)}\n`;
    if ((await readFile(path, "utf8").catch(() => null)) === text) return false;
    await mkdir(this.layout(clusterId).root, { recursive: true });
    await writeFile(`${path}.tmp`, text, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
    return true;
  }

  /** Stops every process of the cluster, connectors and dataflows before SPUs before the controller; the data stays. */
  async stop(clusterId: string): Promise<void> {
    await Promise.all([this.connectors.stopAll(clusterId), this.dataflows.stopAll(clusterId)]);
    const processes = await this.processes(clusterId);
    const isController = (p: ClusterProcess) => p.dataDir === this.layout(clusterId).member("sc").dataDir;
    await Promise.all(processes.filter((p) => !isController(p)).map((p) => this.#stopOne(p)));
    await Promise.all(processes.filter(isController).map((p) => this.#stopOne(p)));
  }

  /** Stops the cluster and deletes everything it had on disk. */
  async remove(clusterId: string): Promise<void> {
    await this.stop(clusterId);
    await rm(this.layout(clusterId).root, { recursive: true, force: true });
  }

  /** Clusters with a directory or a running process under the data root. */
  async clusterIds(): Promise<Set<string>> {
    const dirs = await readdir(this.#clustersDir).catch(() => []);
    return new Set([...dirs, ...(await this.processes()).map((p) => p.clusterId)]);
  }

  /** Live processes of one cluster, or of every cluster under the data root. */
  async processes(clusterId?: string): Promise<ClusterProcess[]> {
    const found = await processesWithFlag("--data-dir", (dataDir) => {
      const owner = clusterIdOfDataDir(this.#clustersDir, dataDir);
      return owner !== null && (clusterId === undefined || owner === clusterId);
    });
    return found.map(({ identity, value }) => ({ clusterId: clusterIdOfDataDir(this.#clustersDir, value)!, dataDir: value, identity }));
  }

  /**
   * The /metrics endpoints of the cluster's SPUs that run now, as their member records name them.
   * A record whose process is gone is left out: its metrics port is free again and could by now
   * belong to another tenant's process.
   */
  async metricsTargets(clusterId: string, spus: number): Promise<MetricsTarget[]> {
    const layout = this.layout(clusterId);
    const targets: MetricsTarget[] = [];
    for (const [spuId, name] of memberNames(spus).slice(1).entries()) {
      const record = await readMemberRecord(layout.member(name).recordFile);
      if (record?.metricsPort !== undefined && isAlive(record)) targets.push({ spuId, url: `http://${HOST}:${record.metricsPort}/metrics` });
    }
    return targets;
  }

  /** `args` without the data directory and port, which the member's layout and record decide. */
  async #ensureMember(layout: ClusterLayout, name: MemberName, args: Omit<EngineArgs, "dataDir" | "port">, signal?: AbortSignal): Promise<{ name: MemberName; port: number; started: boolean }> {
    signal?.throwIfAborted();
    const paths = layout.member(name);
    const record = await readMemberRecord(paths.recordFile);
    let identity: ProcessIdentity | null = record !== null && isAlive(record) ? record : null;
    // A crash between spawn and pid file leaves a process no record names.
    identity ??= (await processesWithFlag("--data-dir", (dataDir) => dataDir === paths.dataDir))[0]?.identity ?? null;
    // Every member serves /metrics on a free port of --host (loopback), found in its runtime file once it listens.
    const withMetrics = { ...args, metricsPort: 0 };
    if (identity !== null && !runsWith(await commandLineOf(identity.pid), engineArgv({ ...withMetrics, dataDir: paths.dataDir }))) {
      // Started by an older driver or for an older spec (no controller secret, another plan limit): its data stays, its flags change.
      const outcome = await stopProcess(identity, this.#stopTimeoutMs);
      this.options.logger.info({ clusterId: layout.clusterId, member: name, pid: identity.pid, outcome }, "member restarted with new flags");
      identity = null;
    }
    const started = identity === null;
    const knownPort = record?.port ?? 0;
    if (identity === null) {
      identity = await spawnMember(this.options.spuEntry ?? ENGINE_ENTRY, paths, { ...withMetrics, port: knownPort });
      await writeMemberRecord(paths.recordFile, identity, knownPort);
      this.options.logger.info({ clusterId: layout.clusterId, member: name, pid: identity.pid, port: knownPort }, "member started");
    } else {
      this.options.logger.info({ clusterId: layout.clusterId, member: name, pid: identity.pid }, "member adopted");
    }
    const { port, metricsPort } = await waitForListening(paths, identity, this.#startTimeoutMs, signal);
    if (port !== record?.port || identity.pid !== record.pid || metricsPort !== record.metricsPort) await writeMemberRecord(paths.recordFile, identity, port, metricsPort);
    return { name, port, started };
  }

  async #stopOne(process: ClusterProcess): Promise<void> {
    const outcome = await stopProcess(process.identity, this.#stopTimeoutMs);
    this.options.logger.info({ clusterId: process.clusterId, dataDir: process.dataDir, pid: process.identity.pid, outcome }, "member stopped");
  }
}

/** Whether a command line carries every flag of `args` (flag, value pairs) with the same value. */
function runsWith(commandLine: readonly string[], args: readonly string[]): boolean {
  for (let i = 0; i + 1 < args.length; i += 2) {
    const at = commandLine.indexOf(args[i]!);
    if (at === -1 || commandLine[at + 1] !== args[i + 1]) return false;
  }
  return true;
}
