/*
 * OffsetFetch (key 9), versions 0-7; flexible from v6.
 *
 * OffsetFetchRequest v0-1 => group_id:STRING [topics]
 *   topics                 => name:STRING [partition_indexes:int32]
 * OffsetFetchRequest v2-5 => group_id:STRING [topics] (nullable: null = every committed offset)
 *
 * OffsetFetchResponse v0-1 => [topics]
 *   topics                 => name:STRING [partitions]
 *   partitions             => partition_index:int32 committed_offset:int64
 *                             metadata:NULLABLE_STRING error_code:int16
 * OffsetFetchResponse v2  => [topics] error_code:int16
 * OffsetFetchResponse v3-4 => throttle_time_ms:int32 [topics] error_code:int16
 * OffsetFetchResponse v5  => partitions + committed_leader_epoch:int32 (after committed_offset)
 * OffsetFetch v6          => v5 in compact form + TAG_BUFFER
 * OffsetFetchRequest v7   => v6 + require_stable:BOOLEAN (no transactions here: always stable)
 *
 * v8 batches several groups per request; not offered yet.
 *
 * A partition without a committed offset is not an error: offset -1, metadata "".
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { nullableArrayFrom } from "./nullable-array-from.js";
import { since, struct } from "../schema/struct.js";
import { array, bool, int16, int32, int64, nullableString, string } from "../schema/types.js";

export const offsetFetch = defineApi({
  key: 9,
  name: "OffsetFetch",
  minVersion: 0,
  maxVersion: 7,
  flexibleFrom: 6,
  request: struct({
    groupId: string,
    topics: nullableArrayFrom(2, struct({ name: string, partitionIndexes: array(int32) })),
    requireStable: since(7, bool, false),
  }),
  response: struct({
    throttleTimeMs: since(3, int32, 0),
    topics: array(
      struct({
        name: string,
        partitions: array(
          struct({
            partitionIndex: int32,
            committedOffset: int64,
            committedLeaderEpoch: since(5, int32, -1),
            metadata: nullableString,
            errorCode: int16,
          }),
        ),
      }),
    ),
    errorCode: since(2, int16, 0),
  }),
});

export type OffsetFetchRequest = RequestOf<typeof offsetFetch>;
export type OffsetFetchResponse = ResponseOf<typeof offsetFetch>;
