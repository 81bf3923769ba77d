/*
 * OffsetFetch (key 9), versions 1-4; none flexible (flexible from v6).
 *
 * OffsetFetchRequest v1   => group_id:STRING [topics]
 *   topics                 => name:STRING [partition_indexes:int32]
 * OffsetFetchRequest v2-4 => group_id:STRING [topics] (nullable: null = every committed offset)
 *
 * OffsetFetchResponse v1  => [topics]
 *   topics                 => name:STRING [partitions]
 *   partitions             => partition_index:int32 committed_offset:int64
 *                             metadata:NULLABLE_STRING error_code:int16
 * OffsetFetchResponse v2  => [topics] error_code:int16
 * OffsetFetchResponse v3-4 => throttle_time_ms:int32 [topics] error_code:int16
 *
 * A partition without a committed offset is not an error: offset -1, metadata "".
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { nullableArrayFrom } from "./nullable-array-from.js";
import { since, struct } from "../schema/struct.js";
import { array, int16, int32, int64, nullableString, string } from "../schema/types.js";

export const offsetFetch = defineApi({
  key: 9,
  name: "OffsetFetch",
  minVersion: 1,
  maxVersion: 4,
  request: struct({
    groupId: string,
    topics: nullableArrayFrom(2, struct({ name: string, partitionIndexes: array(int32) })),
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
