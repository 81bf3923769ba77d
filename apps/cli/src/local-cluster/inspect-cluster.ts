import type { ClusterDescription, PartitionAssignment } from "@freshet/client/admin/cluster-description";
import { controllerSecretPath, scDir, spuDir, spuIds, type ClusterManifest } from "./cluster-manifest.js";
import type { LocalClusterDeps } from "./local-cluster-deps.js";
import type { SpuRuntime } from "./spu-runtime.js";

export interface LocalSpuStatus {
  readonly id: number;
  /** The recorded address (the runtime's while it runs). */
  readonly address: string;
  /** null while its process is not running. */
  readonly runtime: SpuRuntime | null;
}

/** What `cluster status` shows: processes as this machine sees them, membership as the controller does. */
export interface LocalClusterStatus {
  readonly sc: SpuRuntime | null;
  readonly scAddress: string;
  readonly spus: readonly LocalSpuStatus[];
  /** The controller's view; a reason when it is down or did not answer. */
  readonly controller: { readonly ok: true; readonly description: ClusterDescription } | { readonly ok: false; readonly reason: string };
}

export async function inspectSpuCluster(deps: LocalClusterDeps, dataDir: string, manifest: ClusterManifest): Promise<LocalClusterStatus> {
  const sc = await deps.machine.running(scDir(dataDir));
  const spus = await Promise.all(
    spuIds(manifest).map(async (id) => {
      const runtime = await deps.machine.running(spuDir(dataDir, id));
      const port = runtime?.port ?? manifest.spus[String(id)]!.port;
      return { id, address: `${runtime?.host ?? manifest.host}:${port}`, runtime };
    }),
  );
  const scAddress = sc === null ? `${manifest.host}:${manifest.sc.port}` : `${sc.host}:${sc.port}`;
  if (sc === null) return { sc, scAddress, spus, controller: { ok: false, reason: "the SC is not running" } };
  try {
    const description = await deps.describeCluster({ host: sc.host, port: sc.port, secretFile: controllerSecretPath(dataDir) });
    return { sc, scAddress, spus, controller: { ok: true, description } };
  } catch (error) {
    return { sc, scAddress, spus, controller: { ok: false, reason: (error as Error).message } };
  }
}

/** How many partitions SPU `id` leads, and how many more it holds a follower replica of. */
export function replicaCounts(partitions: readonly PartitionAssignment[], id: number): { leads: number; follows: number } {
  let leads = 0;
  let follows = 0;
  for (const p of partitions) {
    if (p.leader === id) leads++;
    else if (p.replicas.includes(id)) follows++;
  }
  return { leads, follows };
}
