import type { ReplicaState } from "@freshet/client/admin/replicas";
import type { TopicInfo } from "@freshet/client/cluster/metadata-cache";
import { formatTable } from "../output/table.js";

export interface PartitionRow {
  readonly topic: string;
  readonly partition: number;
  /** -1 while offline. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  /** null when the leader could not say (unreachable, stale metadata, no DescribeReplicas). */
  readonly highWatermark: number | null;
  /** Records the leader holds that not every ISR member has yet: log end offset - high watermark. */
  readonly lag: number | null;
}

/**
 * Placement from Metadata (the controller's assignment and ISR, as the SPUs
 * publish it), offsets from what each leader reports of its own replica; a
 * replica that no longer leads (metadata moved meanwhile) gives no offsets.
 */
export function partitionRows(topics: readonly TopicInfo[], reports: ReadonlyMap<number, readonly ReplicaState[] | null>): PartitionRow[] {
  const rows: PartitionRow[] = [];
  for (const topic of [...topics].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const p of topic.partitions) {
      const own = p.leader < 0 ? undefined : reports.get(p.leader)?.find((r) => r.topic === topic.name && r.partition === p.partition && r.role === "leader");
      rows.push({
        topic: topic.name,
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
        highWatermark: own?.highWatermark ?? null,
        lag: own === undefined ? null : Math.max(0, own.logEndOffset - own.highWatermark),
      });
    }
  }
  return rows;
}

export function partitionListText(rows: readonly PartitionRow[]): string {
  if (rows.length === 0) return "No partitions\n";
  const table = rows.map((r) => [
    r.topic,
    String(r.partition),
    r.leader < 0 ? "none" : String(r.leader),
    r.replicas.join(","),
    r.isr.join(","),
    r.highWatermark === null ? "-" : String(r.highWatermark),
    r.lag === null ? "-" : String(r.lag),
  ]);
  return `${formatTable(["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR", "HIGH-WATERMARK", "LAG"], table)}\n`;
}
