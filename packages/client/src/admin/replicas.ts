import { describeReplicas, replicaRole, type ReplicaRole } from "@freshet/protocol/messages/freshet/describe-replicas";
import type { Cluster } from "../cluster/cluster.js";

/** One replica as the SPU holding it sees it (Freshet's DescribeReplicas). */
export interface ReplicaState {
  readonly topic: string;
  readonly partition: number;
  /** "unknown" for a role a newer SPU names that this client does not know. */
  readonly role: ReplicaRole | "unknown";
  readonly leaderEpoch: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly highWatermark: number;
  /** As the leader sees it; empty on followers. */
  readonly isr: readonly number[];
  /** Bytes of the replica's log segments; null from an SPU that predates DescribeReplicas v1. */
  readonly sizeBytes: number | null;
}

/**
 * The replicas broker `nodeId` holds of `topics` (null = all), or null when the
 * broker does not offer DescribeReplicas (a plain Kafka broker, an older Freshet).
 */
export async function describeReplicasOf(cluster: Cluster, nodeId: number, topics: readonly string[] | null): Promise<ReplicaState[] | null> {
  const connection = await cluster.connectionTo(nodeId);
  if (connection.versionOf(describeReplicas) === undefined) return null;
  const response = await connection.request(describeReplicas, { topics: topics === null ? null : [...topics] });
  return response.replicas.map((r) => ({
    topic: r.topic,
    partition: r.partition,
    role: replicaRole(r.role) ?? "unknown",
    leaderEpoch: r.leaderEpoch,
    // Offsets stay far below 2^53 (a record per nanosecond for a century).
    logStartOffset: Number(r.logStartOffset),
    logEndOffset: Number(r.logEndOffset),
    highWatermark: Number(r.highWatermark),
    isr: r.isr,
    sizeBytes: r.sizeBytes < 0n ? null : Number(r.sizeBytes),
  }));
}
