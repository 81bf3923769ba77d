import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { listOffsets as listOffsetsApi } from "@freshet/protocol/messages/list-offsets";
import type { Cluster } from "./cluster.js";
import { groupByLeader } from "./partition-leaders.js";

/** ListOffsets' special timestamps: -2 = log start offset, -1 = high watermark (end). */
export type OffsetSpec = "earliest" | "latest" | { readonly timestamp: number };

const READ_UNCOMMITTED = 0;

function timestampOf(spec: OffsetSpec): bigint {
  if (spec === "earliest") return -2n;
  if (spec === "latest") return -1n;
  return BigInt(spec.timestamp);
}

/**
 * Resolves `spec` for each partition, asking each partition's leader (only the
 * leader may answer). A timestamp with no later record resolves to -1, as in Kafka.
 */
export async function listPartitionOffsets(cluster: Cluster, topic: string, partitions: readonly number[], spec: OffsetSpec): Promise<Map<number, number>> {
  return cluster.retry(async () => {
    const byLeader = await groupByLeader(cluster, topic, partitions);
    const result = new Map<number, number>();
    await Promise.all(
      [...byLeader].map(async ([leader, owned]) => {
        const connection = await cluster.connectionTo(leader);
        const response = await connection.request(listOffsetsApi, {
          replicaId: -1,
          isolationLevel: READ_UNCOMMITTED,
          topics: [{ name: topic, partitions: owned.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp: timestampOf(spec) })) }],
          timeoutMs: 0,
        });
        for (const t of response.topics) {
          for (const p of t.partitions) {
            if (p.errorCode !== 0) throw new KafkaProtocolError(p.errorCode, `list offsets of ${topic}/${p.partitionIndex}`);
            result.set(p.partitionIndex, Number(p.offset));
          }
        }
      }),
    );
    for (const partition of partitions) {
      if (!result.has(partition)) throw new KafkaProtocolError(-1, `list offsets of ${topic}/${partition}: no answer for the partition`);
    }
    return result;
  });
}
