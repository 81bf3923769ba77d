/*
 * OffsetCommit (key 8), versions 2-5; none flexible (flexible from v8).
 *
 * OffsetCommitRequest v2-4 => group_id:STRING generation_id_or_member_epoch:int32 member_id:STRING
 *                             retention_time_ms:int64 [topics]
 *   topics                  => name:STRING [partitions]
 *   partitions              => partition_index:int32 committed_offset:int64
 *                              committed_metadata:NULLABLE_STRING
 * OffsetCommitRequest v5   => v2 without retention_time_ms
 *
 * OffsetCommitResponse v2   => [topics]
 *   topics                   => name:STRING [partitions]
 *   partitions               => partition_index:int32 error_code:int16
 * OffsetCommitResponse v3-5 => throttle_time_ms:int32 [topics]
 *
 * generation -1 with an empty member id is a "simple" commit from an admin client
 * (kafkajs resetOffsets); committed offsets are stored verbatim, negatives included.
 * retention_time_ms -1 means the broker default.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { between, since, struct } from "../schema/struct.js";
import { array, int16, int32, int64, nullableString, string } from "../schema/types.js";

export const offsetCommit = defineApi({
  key: 8,
  name: "OffsetCommit",
  minVersion: 2,
  maxVersion: 5,
  request: struct({
    groupId: string,
    generationIdOrMemberEpoch: int32,
    memberId: string,
    retentionTimeMs: between(2, 4, int64, -1n),
    topics: array(
      struct({
        name: string,
        partitions: array(
          struct({
            partitionIndex: int32,
            committedOffset: int64,
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
