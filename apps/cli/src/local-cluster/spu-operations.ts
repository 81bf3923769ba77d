import { UserError } from "../errors/user-error.js";
import { awaitSpuLiveness } from "./spu-liveness.js";
import { controllerSecretPath, scDir, spuDir, spuIds, writeManifest, type ClusterManifest } from "./cluster-manifest.js";
import type { ControllerTarget, LocalClusterDeps } from "./local-cluster-deps.js";
import { choosePort, MAX_PORT, type PortRequest } from "./port-plan.js";
import { restartPort } from "./spu-cluster.js";
import type { SpuRuntime } from "./spu-runtime.js";
import { startWorkers } from "./start-workers.js";
import { stopWorkers, type Stopped } from "./stop-workers.js";

/*
 * The operations of issue 3 on one SPU of a local cluster: stop it, start it again
 * with its data (a restart) or with an empty data directory (a replaced machine:
 * it catches up from the leaders), or add one more joining the same controller.
 */

export interface SpuStarted {
  readonly id: number;
  readonly runtime: SpuRuntime;
  readonly manifest: ClusterManifest;
}

function requireMember(dataDir: string, manifest: ClusterManifest, id: number): void {
  if (manifest.spus[String(id)] !== undefined) return;
  throw new UserError(`SPU ${id} is not part of the cluster in ${dataDir} (SPUs: ${spuIds(manifest).join(", ")})`);
}

function controllerTarget(sc: SpuRuntime, dataDir: string): ControllerTarget {
  return { host: sc.host, port: sc.port, secretFile: controllerSecretPath(dataDir) };
}

async function requireController(deps: LocalClusterDeps, dataDir: string): Promise<SpuRuntime> {
  const sc = await deps.machine.running(scDir(dataDir));
  if (sc === null) throw new UserError("the SC of this cluster is not running — start the cluster with `freshet cluster start --local`");
  return sc;
}

/**
 * Stops SPU `id` and, while the SC runs, waits until the controller has declared
 * it gone (so its partitions have new leaders) before returning.
 */
export async function stopSpu(deps: LocalClusterDeps, dataDir: string, manifest: ClusterManifest, id: number, graceMs: number): Promise<Stopped> {
  requireMember(dataDir, manifest, id);
  const runtime = await deps.machine.running(spuDir(dataDir, id));
  if (runtime === null) throw new UserError(`SPU ${id} is not running`);
  const [stopped] = await stopWorkers(deps.machine, [{ label: `SPU ${id}`, dataDir: spuDir(dataDir, id), pid: runtime.pid }], graceMs, deps.progress);
  const sc = await deps.machine.running(scDir(dataDir));
  if (sc !== null) await awaitSpuLiveness(deps, controllerTarget(sc, dataDir), [id], false);
  return stopped!;
}

async function launchSpu(deps: LocalClusterDeps, dataDir: string, manifest: ClusterManifest, id: number, port: PortRequest): Promise<SpuStarted> {
  const sc = await requireController(deps, dataDir);
  const [runtime] = await startWorkers(
    deps.machine,
    [
      {
        role: "spu",
        nodeId: id,
        sc: `${sc.host}:${sc.port}`,
        controllerSecret: controllerSecretPath(dataDir),
        dataDir: spuDir(dataDir, id),
        host: manifest.host,
        port: await choosePort(deps.machine, manifest.host, port),
      },
    ],
    { readyTimeoutMs: deps.readyTimeoutMs, progress: deps.progress },
  );
  const recorded: ClusterManifest = { ...manifest, spus: { ...manifest.spus, [String(id)]: { port: runtime!.port } } };
  await writeManifest(dataDir, recorded);
  await awaitSpuLiveness(deps, controllerTarget(sc, dataDir), [id], true);
  return { id, runtime: runtime!, manifest: recorded };
}

/**
 * Starts SPU `id` again under the same id; with `empty` its data directory is
 * wiped first, as if its disk had been replaced.
 */
export async function startSpu(deps: LocalClusterDeps, dataDir: string, manifest: ClusterManifest, id: number, options: { empty: boolean }): Promise<SpuStarted> {
  requireMember(dataDir, manifest, id);
  const running = await deps.machine.running(spuDir(dataDir, id));
  if (running !== null) throw new UserError(`SPU ${id} is already running (pid ${running.pid})`);
  const sc = await requireController(deps, dataDir);
  // While the controller still counts the SPU live it keeps its leaderships; an
  // empty log coming back as leader would make the followers truncate to nothing.
  if (options.empty) {
    await awaitSpuLiveness(deps, controllerTarget(sc, dataDir), [id], false);
    await deps.machine.wipe(spuDir(dataDir, id));
  }
  return launchSpu(deps, dataDir, manifest, id, restartPort(manifest.spus[String(id)]!.port));
}

/** Starts one more SPU (the next id) joining the cluster's controller; by default on the port after the highest one in use. */
export async function addSpu(deps: LocalClusterDeps, dataDir: string, manifest: ClusterManifest, port: PortRequest | null): Promise<SpuStarted> {
  const ids = spuIds(manifest);
  const id = ids.length === 0 ? 0 : ids[ids.length - 1]! + 1;
  const highest = Math.max(0, ...ids.map((i) => manifest.spus[String(i)]!.port));
  const next: PortRequest = port ?? (highest === 0 || highest >= MAX_PORT ? { kind: "any" } : { kind: "preferred", port: highest + 1 });
  return launchSpu(deps, dataDir, manifest, id, next);
}
