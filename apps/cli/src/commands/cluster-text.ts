import type { ClusterDescription } from "@freshet/client/admin/cluster-description";
import { replicaCounts, type LocalClusterStatus } from "../local-cluster/inspect-cluster.js";
import type { Stopped } from "../local-cluster/stop-workers.js";
import { formatDuration } from "../options/duration.js";
import { formatTable } from "../output/table.js";

/** `cluster status` of a multi-SPU cluster. */
export function clusterStatusText(status: LocalClusterStatus, dataDir: string, now: number): string {
  const running = status.spus.filter((s) => s.runtime !== null).length;
  const controller = status.controller.ok ? status.controller.description : null;
  const liveIds = new Set(controller?.spus.filter((s) => s.live).map((s) => s.id) ?? []);
  const rows = status.spus.map((spu) => {
    const counts = controller === null ? null : replicaCounts(controller.partitions, spu.id);
    return [
      String(spu.id),
      spu.address,
      spu.runtime === null ? "-" : String(spu.runtime.pid),
      spu.runtime === null ? "stopped" : "running",
      controller === null ? "?" : liveIds.has(spu.id) ? "yes" : "no",
      counts === null ? "?" : String(counts.leads),
      counts === null ? "?" : String(counts.follows),
    ];
  });
  const sc = status.sc;
  const lines = [
    `Freshet cluster: SC ${sc === null ? "stopped" : "running"}, ${running} of ${status.spus.length} SPUs running`,
    `sc:        ${status.scAddress}${sc === null ? " (stopped)" : ` (pid ${sc.pid}, up ${formatDuration(now - Date.parse(sc.startedAt))})`}`,
    `data dir:  ${dataDir}`,
  ];
  if (status.controller.ok) {
    const { partitions } = status.controller.description;
    const topics = new Set(partitions.map((p) => p.topic)).size;
    const offline = partitions.filter((p) => p.leader < 0).length;
    lines.push(`topics:    ${topics} (${partitions.length} partitions, ${offline} offline)`);
  } else {
    lines.push(`topics:    unknown (${status.controller.reason})`);
  }
  lines.push("", formatTable(["SPU", "ADDRESS", "PID", "PROCESS", "LIVE", "LEADS", "FOLLOWS"], rows));
  return `${lines.join("\n")}\n`;
}

/** `spu list`: every SPU the controller knows, with liveness and what it holds. */
export function spuListText(description: ClusterDescription): string {
  if (description.spus.length === 0) return "No SPUs\n";
  const rows = description.spus.map((spu) => {
    const { leads, follows } = replicaCounts(description.partitions, spu.id);
    return [String(spu.id), `${spu.host}:${spu.port}`, spu.live ? "yes" : "no", String(leads), String(follows)];
  });
  return `${formatTable(["ID", "ADDRESS", "LIVE", "LEADER", "FOLLOWER"], rows)}\n`;
}

/** One line per process stopped, SPUs first, as `cluster stop` and `spu stop` print them. */
export function stoppedText(stopped: readonly Stopped[]): string {
  return stopped.map((s) => `${s.label.replace(/^the /, "")} stopped (pid ${s.pid}${s.forced ? ", killed" : ""})\n`).join("");
}
