/*
 * OffsetCommit (key 8), versions 0-9; flexible from v8.
 *
 * OffsetCommitRequest v0   => group_id:STRING [topics]
 *   partitions              => partition_index:int32 committed_offset:int64
 *                              committed_metadata:NULLABLE_STRING
 * OffsetCommitRequest v1   => group_id generation_id_or_member_epoch:int32 member_id:STRING [topics]
 *   partitions              => partition_index committed_offset commit_timestamp:int64 committed_metadata
 * OffsetCommitRequest v2-4 => group_id:STRING generation_id_or_member_epoch:int32 member_id:STRING
 *                             retention_time_ms:int64 [topics]
 *   topics                  => name:STRING [partitions]
 *   partitions              => partition_index:int32 committed_offset:int64
 *                              committed_metadata:NULLABLE_STRING
 * OffsetCommitRequest v5   => v2 without retention_time_ms
 * OffsetCommitRequest v6   => partitions + committed_leader_epoch:int32 (after committed_offset)
 * OffsetCommitRequest v7   => v6 + group_instance_id:NULLABLE_STRING (after member_id)
 * OffsetCommit v8-9        => v7 in compact form + TAG_BUFFER (v9 also serves KIP-848
 *                             groups, where the generation field carries the member epoch)
 *
 * OffsetCommitResponse v0-2 => [topics]
 *   topics                   => name:STRING [partitions]
 *   partitions               => partition_index:int32 error_code:int16
 * OffsetCommitResponse v3-9 => throttle_time_ms:int32 [topics]
 *
 * generation -1 with an empty member id is a "simple" commit from an admin client
 * (kafkajs resetOffsets); committed offsets are stored verbatim, negatives included.
 * retention_time_ms -1 means the broker default. v0 commits (no generation) are
 * simple commits too; v1's commit_timestamp is ignored, as Kafka 3.x ignores it
 * for retention once the offsets topic sets expiry.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { between, since, struct } from "../schema/struct.js";
import { array, int16, int32, int64, nullableString, string } from "../schema/types.js";

export const offsetCommit = defineApi({
  key: 8,
  name: "OffsetCommit",
  minVersion: 0,
  maxVersion: 9,
  flexibleFrom: 8,
  request: struct({
    groupId: string,
    generationIdOrMemberEpoch: since(1, int32, -1),
    memberId: since(1, string, ""),
    groupInstanceId: since(7, nullableString, null),
    retentionTimeMs: between(2, 4, int64, -1n),
    topics: array(
      struct({
        name: string,
        partitions: array(
          struct({
            partitionIndex: int32,
            committedOffset: int64,
            committedLeaderEpoch: since(6, int32, -1),
            commitTimestamp: between(1, 1, int64, -1n),
            committedMetadata: nullableString,
          }),
        ),
      }),
    ),
  }),
  response: struct({
    throttleTimeMs: since(3, int32, 0),
    topics: array(
      struct({
        name: string,
        partitions: array(struct({ partitionIndex: int32, errorCode: int16 })),
      }),
    ),
  }),
});

export type OffsetCommitRequest = RequestOf<typeof offsetCommit>;
export type OffsetCommitResponse = ResponseOf<typeof offsetCommit>;
