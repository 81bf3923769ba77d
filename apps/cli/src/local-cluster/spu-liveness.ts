import type { ClusterDescription } from "@freshet/client/admin/cluster-description";
import { UserError } from "../errors/user-error.js";
import type { ControllerTarget, LocalClusterDeps } from "./local-cluster-deps.js";
import { POLL_MS, PROGRESS_EVERY_MS } from "./start-workers.js";

/**
 * Polls the controller until it sees every SPU in `ids` as live (`live` true) or
 * as gone (`live` false). A listening SPU is not yet a member: it registers, then
 * the controller must see it heartbeat before it gets replicas or counts for
 * elections. A stopped SPU still leads its partitions until the controller
 * declares it dead and elects new leaders; only then may it come back empty.
 */
export async function awaitSpuLiveness(deps: LocalClusterDeps, sc: ControllerTarget, ids: readonly number[], live: boolean): Promise<ClusterDescription> {
  const { machine } = deps;
  const started = machine.now();
  let lastProgress = started;
  let lastProblem: string;
  const state = live ? "live" : "gone";
  for (;;) {
    let pending: number[] = [...ids];
    try {
      const description = await deps.describeCluster(sc);
      const liveIds = new Set(description.spus.filter((spu) => spu.live).map((spu) => spu.id));
      pending = ids.filter((id) => liveIds.has(id) !== live);
      if (pending.length === 0) return description;
      lastProblem = "";
    } catch (error) {
      // The controller may still be opening its listener; the deadline decides.
      lastProblem = ` (last answer: ${(error as Error).message})`;
    }
    const now = machine.now();
    const names = pending.map((id) => `SPU ${id}`).join(", ");
    if (now - started > deps.readyTimeoutMs) {
      throw new UserError(`the controller at ${sc.host}:${sc.port} does not see ${names} as ${state} after ${Math.round(deps.readyTimeoutMs / 1000)} s${lastProblem}`);
    }
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      await deps.progress(`waiting for the controller to see ${names} as ${state} (${Math.round((now - started) / 1000)} s)…\n`);
    }
    await machine.sleep(POLL_MS);
  }
}
