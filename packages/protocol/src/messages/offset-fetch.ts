/*
 * OffsetFetch (key 9), versions 0-9; flexible from v6.
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
 * OffsetFetchRequest v8   => [groups] require_stable:BOOLEAN
 *   groups                 => group_id:STRING [topics] (nullable: all)
 * OffsetFetchResponse v8  => throttle_time_ms:int32 [groups]
 *   groups                 => group_id:STRING [topics] error_code:int16 (topics as v7, with
 *                             committed_leader_epoch)
 * OffsetFetchRequest v9   => groups + member_id:NULLABLE_STRING member_epoch:int32 (after group_id;
 *                             KIP-848, checked only for consumer-protocol groups)
 *
 * A partition without a committed offset is not an error: offset -1, metadata "".
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { nullableArrayFrom } from "./nullable-array-from.js";
import { between, since, struct, until } from "../schema/struct.js";
import { array, bool, int16, int32, int64, nullableArray, nullableString, string } from "../schema/types.js";

export const offsetFetch = defineApi({
  key: 9,
  name: "OffsetFetch",
  minVersion: 0,
  maxVersion: 9,
  flexibleFrom: 6,
  request: struct({
    groupId: until(7, string, ""),
    topics: until(7, nullableArrayFrom(2, struct({ name: string, partitionIndexes: array(int32) })), null),
    groups: since(
      8,
      array(
        struct({
          groupId: string,
          memberId: since(9, nullableString, null),
          memberEpoch: since(9, int32, -1),
          topics: nullableArray(struct({ name: string, partitionIndexes: array(int32) })),
        }),
      ),
    ),
    requireStable: since(7, bool, false),
  }),
  response: struct({
    throttleTimeMs: since(3, int32, 0),
    topics: until(
      7,
      array(
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
    ),
    errorCode: between(2, 7, int16, 0),
    groups: since(
      8,
      array(
        struct({
          groupId: string,
          topics: array(
            struct({
              name: string,
              partitions: array(struct({ partitionIndex: int32, committedOffset: int64, committedLeaderEpoch: int32, metadata: nullableString, errorCode: int16 })),
            }),
          ),
          errorCode: int16,
        }),
      ),
    ),
  }),
});

export type OffsetFetchRequest = RequestOf<typeof offsetFetch>;
export type OffsetFetchResponse = ResponseOf<typeof offsetFetch>;
