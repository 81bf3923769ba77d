import { UserError } from "../errors/user-error.js";
import { awaitSpuLiveness } from "./spu-liveness.js";
import { CONTROLLER_HOST, controllerSecretPath, holdsStandaloneBroker, readManifest, scDir, spuDir, spuIds, writeManifest, type ClusterManifest } from "./cluster-manifest.js";
import type { LocalClusterDeps } from "./local-cluster-deps.js";
import { choosePort, offsetPort, type PortRequest } from "./port-plan.js";
import type { SpuRuntime } from "./spu-runtime.js";
import { startWorkers } from "./start-workers.js";
import { stopWorkers, type Stopped, type StopTarget } from "./stop-workers.js";
import type { WorkerSpec } from "./worker-spec.js";

export interface ClusterStartRequest {
  readonly dataDir: string;
  readonly host: string;
  /** SPUs to run; null = as many as the data directory records. */
  readonly spus: number | null;
  /** SPU i listens on this port + i. */
  readonly spuPort: PortRequest;
  readonly scPort: PortRequest;
}

export interface RunningCluster {
  /** "already-running" when every process was up before the command. */
  readonly kind: "started" | "already-running";
  readonly manifest: ClusterManifest;
  readonly sc: SpuRuntime;
  readonly spus: ReadonlyArray<{ readonly id: number; readonly runtime: SpuRuntime }>;
}

/** A port a process listened on before, if it is still free; otherwise any free one. */
export function restartPort(recorded: number): PortRequest {
  return recorded === 0 ? { kind: "any" } : { kind: "preferred", port: recorded };
}

async function planCluster(deps: LocalClusterDeps, request: ClusterStartRequest, spus: number): Promise<ClusterManifest> {
  if (await holdsStandaloneBroker(request.dataDir)) {
    throw new UserError(`${request.dataDir} holds a single-broker cluster — pick another --data-dir for a cluster with --spus`);
  }
  const manifest: ClusterManifest = { version: 1, host: request.host, sc: { port: await choosePort(deps.machine, CONTROLLER_HOST, request.scPort) }, spus: {} };
  for (let id = 0; id < spus; id++) {
    manifest.spus[String(id)] = { port: await choosePort(deps.machine, request.host, offsetPort(request.spuPort, id)) };
  }
  return manifest;
}

/** The SC of the cluster at `dataDir`, started first when it is down. */
async function ensureController(deps: LocalClusterDeps, dataDir: string, manifest: ClusterManifest): Promise<{ runtime: SpuRuntime; started: boolean }> {
  const running = await deps.machine.running(scDir(dataDir));
  if (running !== null) return { runtime: running, started: false };
  const port = await choosePort(deps.machine, CONTROLLER_HOST, restartPort(manifest.sc.port));
  const sc = { role: "sc", dataDir: scDir(dataDir), host: CONTROLLER_HOST, port, controllerSecret: controllerSecretPath(dataDir) } as const;
  const [runtime] = await startWorkers(deps.machine, [sc], {
    readyTimeoutMs: deps.readyTimeoutMs,
    progress: deps.progress,
  });
  return { runtime: runtime!, started: true };
}

/**
 * Starts (or completes) the local cluster at `request.dataDir`: the SC, then every
 * SPU that is not running, each detached with its log in its data directory. Done
 * when every process listens and the controller sees every SPU live. The ports
 * actually bound are recorded, so restarts reuse them.
 */
export async function startSpuCluster(deps: LocalClusterDeps, request: ClusterStartRequest): Promise<RunningCluster> {
  const { dataDir } = request;
  let manifest = await readManifest(dataDir);
  if (manifest === null) {
    if (request.spus === null) throw new UserError(`no multi-SPU cluster in ${dataDir} — say how many SPUs with --spus`);
    manifest = await planCluster(deps, request, request.spus);
    await writeManifest(dataDir, manifest);
  } else if (request.spus !== null && request.spus !== spuIds(manifest).length) {
    throw new UserError(`the cluster in ${dataDir} has ${spuIds(manifest).length} SPUs, not ${request.spus} — grow it with \`freshet spu add\` or use another --data-dir`);
  }
  const sc = await ensureController(deps, dataDir, manifest);
  const scAddress = `${sc.runtime.host}:${sc.runtime.port}`;
  const runtimes = new Map<number, SpuRuntime>();
  const specs: Array<WorkerSpec & { role: "spu" }> = [];
  for (const id of spuIds(manifest)) {
    const running = await deps.machine.running(spuDir(dataDir, id));
    if (running !== null) {
      runtimes.set(id, running);
      continue;
    }
    const port = await choosePort(deps.machine, manifest.host, restartPort(manifest.spus[String(id)]!.port));
    specs.push({ role: "spu", nodeId: id, sc: scAddress, controllerSecret: controllerSecretPath(dataDir), dataDir: spuDir(dataDir, id), host: manifest.host, port });
  }
  const started = await startWorkers(deps.machine, specs, { readyTimeoutMs: deps.readyTimeoutMs, progress: deps.progress });
  for (const [i, spec] of specs.entries()) runtimes.set(spec.nodeId, started[i]!);

  const recorded: ClusterManifest = {
    ...manifest,
    sc: { port: sc.runtime.port },
    spus: Object.fromEntries([...runtimes].map(([id, runtime]) => [String(id), { port: runtime.port }])),
  };
  await writeManifest(dataDir, recorded);
  const ids = spuIds(recorded);
  await awaitSpuLiveness(deps, { ...sc.runtime, secretFile: controllerSecretPath(dataDir) }, ids, true);
  return {
    kind: sc.started || specs.length > 0 ? "started" : "already-running",
    manifest: recorded,
    sc: sc.runtime,
    spus: ids.map((id) => ({ id, runtime: runtimes.get(id)! })),
  };
}

/** Stops every running SPU, then the SC (SIGTERM, SIGKILL after `graceMs`); data stays. */
export async function stopSpuCluster(deps: LocalClusterDeps, dataDir: string, manifest: ClusterManifest, graceMs: number): Promise<Stopped[]> {
  const spus: StopTarget[] = [];
  for (const id of spuIds(manifest)) {
    const runtime = await deps.machine.running(spuDir(dataDir, id));
    if (runtime !== null) spus.push({ label: `SPU ${id}`, dataDir: spuDir(dataDir, id), pid: runtime.pid });
  }
  const sc = await deps.machine.running(scDir(dataDir));
  if (spus.length === 0 && sc === null) throw new UserError(`no Freshet cluster is running (data dir ${dataDir})`);
  // SPUs first: stopping the controller first would make them retry it until their own shutdown.
  const stopped = await stopWorkers(deps.machine, spus, graceMs, deps.progress);
  if (sc !== null) stopped.push(...(await stopWorkers(deps.machine, [{ label: "the SC", dataDir: scDir(dataDir), pid: sc.pid }], graceMs, deps.progress)));
  return stopped;
}

/** The profile of a local cluster: every SPU's address to bootstrap from, and the SC's. */
export function clusterAddresses(manifest: ClusterManifest): { bootstrap: string; controller: string } {
  const bootstrap = spuIds(manifest)
    .map((id) => manifest.spus[String(id)]!.port)
    .filter((port) => port !== 0)
    .map((port) => `${manifest.host}:${port}`)
    .join(",");
  return { bootstrap, controller: `${CONTROLLER_HOST}:${manifest.sc.port}` };
}
