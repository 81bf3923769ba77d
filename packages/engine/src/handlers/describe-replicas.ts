import { describeReplicas, type DescribeReplicasResponse } from "@freshet/protocol/messages/freshet/describe-replicas";
import type { BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";
import type { Partition } from "../topics/partition.js";

type ReplicaEntry = DescribeReplicasResponse["replicas"][number];

function describeReplica(topic: string, partition: Partition): ReplicaEntry {
  return {
    topic,
    partition: partition.index,
    role: partition.role.kind,
    leaderEpoch: partition.leaderEpoch,
    logStartOffset: BigInt(partition.log.logStartOffset),
    logEndOffset: BigInt(partition.log.logEndOffset),
    highWatermark: BigInt(partition.highWatermark),
    // Only a leader tracks followers; Partition.isr is empty elsewhere.
    isr: [...partition.isr],
    sizeBytes: BigInt(partition.log.size()),
  };
}

/**
 * The replicas held on this SPU as it sees them (Freshet extension, key 1100):
 * what `freshet partition list` needs for lag, which Metadata cannot give.
 */
export function describeReplicasHandler(ctx: BrokerContext) {
  return handler(describeReplicas, (request) => {
    const wanted = request.topics === null ? null : new Set(request.topics);
    const replicas: ReplicaEntry[] = [];
    for (const topic of ctx.topics.list()) {
      if (wanted !== null && !wanted.has(topic.name)) continue;
      for (const placement of topic.partitions) {
        const local = ctx.topics.local(topic.name, placement.index);
        if (local !== undefined) replicas.push(describeReplica(topic.name, local));
      }
    }
    return { replicas };
  });
}
