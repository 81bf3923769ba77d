/*
 * ListOffsets (key 2), versions 1-10; flexible from v6.
 *
 * ListOffsetsRequest v1 => replica_id:int32 [topics]
 *   topics               => name:STRING [partitions]
 *   partitions           => partition_index:int32 timestamp:int64
 * ListOffsetsRequest v2 => replica_id:int32 isolation_level:int8 [topics]
 *
 * ListOffsetsResponse v1 => [topics]
 *   topics                => name:STRING [partitions]
 *   partitions            => partition_index:int32 error_code:int16 timestamp:int64 offset:int64
 * ListOffsetsResponse v2 => throttle_time_ms:int32 [topics]
 * ListOffsets v3         => v2
 * ListOffsets v4-5       => request partitions + current_leader_epoch:int32 (after partition_index);
 *                           response partitions + leader_epoch:int32 (after offset)
 * ListOffsets v6         => v5 in compact form + TAG_BUFFER
 * ListOffsets v7-9       => v6; each admits one more special timestamp (below)
 * ListOffsetsRequest v10 => v9 + timeout_ms:int32 (at the end)
 *
 * timestamp -1 asks for the latest offset (high watermark, or the last stable
 * offset under read_committed), -2 for the earliest, -3 (v7+, KIP-734) for the
 * record with the largest timestamp, -4 (v8+, KIP-405) for the earliest offset
 * on local storage, -5 (v9+, KIP-1005) for the highest offset in tiered storage. v0 (max_num_offsets and a
 * list of old-style offsets) is not offered, as in Kafka 4.0.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, int16, int32, int64, int8, string } from "../schema/types.js";

export const listOffsets = defineApi({
  key: 2,
  name: "ListOffsets",
  minVersion: 1,
  maxVersion: 10,
  flexibleFrom: 6,
  request: struct({
    replicaId: int32,
    // Absent before v2, where every read is read_uncommitted.
    isolationLevel: since(2, int8, 0),
    topics: array(
      struct({
        name: string,
        partitions: array(struct({ partitionIndex: int32, currentLeaderEpoch: since(4, int32, -1), timestamp: int64 })),
      }),
    ),
    timeoutMs: since(10, int32, 0),
  }),
  response: struct({
    throttleTimeMs: since(2, int32, 0),
    topics: array(
      struct({
        name: string,
        partitions: array(struct({ partitionIndex: int32, errorCode: int16, timestamp: int64, offset: int64, leaderEpoch: since(4, int32, -1) })),
      }),
    ),
  }),
});

export type ListOffsetsRequest = RequestOf<typeof listOffsets>;
export type ListOffsetsResponse = ResponseOf<typeof listOffsets>;
