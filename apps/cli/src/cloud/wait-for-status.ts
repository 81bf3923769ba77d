import { setTimeout as sleep } from "node:timers/promises";
import { UserError } from "../errors/user-error.js";
import { formatDuration } from "../options/duration.js";
import { callApi, type CloudApi, type ClusterStatus, type ClusterView } from "./api-client.js";
import type { CloudSettings } from "./cloud-settings.js";

export interface WaitOptions {
  readonly until: ClusterStatus;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Called once per status the cluster moves to (not for the one it starts in). */
  readonly onChange: (cluster: ClusterView) => Promise<void>;
}

/**
 * Polls clusters.get until the cluster reaches `until`. Failed ends the wait with the worker's
 * reason; so does the deadline (the cluster goes on in the cloud either way).
 */
export async function waitForStatus(api: CloudApi, settings: CloudSettings, start: ClusterView, options: WaitOptions): Promise<ClusterView> {
  const deadline = Date.now() + options.timeoutMs;
  let cluster = start;
  while (cluster.status !== options.until) {
    if (cluster.status === "Failed") throw new UserError(`cluster "${cluster.name}" failed${cluster.statusMessage === null ? "" : `: ${cluster.statusMessage}`}`);
    if (Date.now() >= deadline) {
      throw new UserError(`cluster "${cluster.name}" is still ${cluster.status} after ${formatDuration(options.timeoutMs)}; it goes on in the cloud — see \`freshet cloud cluster list\``);
    }
    await sleep(options.intervalMs);
    const next = await callApi(settings, () => api.clusters.get.query({ clusterId: cluster.id }));
    if (next.status !== cluster.status) await options.onChange(next);
    cluster = next;
  }
  return cluster;
}
