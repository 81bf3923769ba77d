/*
 * CreatePartitions (key 37), versions 0-3; v2 is v1 in compact form (flexible), v3 = v2.
 *
 * CreatePartitionsRequest v0-1  => [topics] timeout_ms:int32 validate_only:BOOLEAN
 *   topics                       => name:STRING count:int32 [assignments] (nullable)
 *   assignments                  => [broker_ids:int32]
 *
 * CreatePartitionsResponse v0-1 => throttle_time_ms:int32 [results]
 *   results                      => name:STRING error_code:int16 error_message:NULLABLE_STRING
 *
 * count is the new total; null assignments let the broker place the new partitions.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { struct } from "../schema/struct.js";
import { array, bool, int16, int32, nullableArray, nullableString, string } from "../schema/types.js";

export const createPartitions = defineApi({
  key: 37,
  name: "CreatePartitions",
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 2,
  request: struct({
    topics: array(
      struct({
        name: string,
        count: int32,
        assignments: nullableArray(struct({ brokerIds: array(int32) })),
      }),
    ),
    timeoutMs: int32,
    validateOnly: bool,
  }),
  response: struct({
    throttleTimeMs: int32,
    results: array(struct({ name: string, errorCode: int16, errorMessage: nullableString })),
  }),
});

export type CreatePartitionsRequest = RequestOf<typeof createPartitions>;
export type CreatePartitionsResponse = ResponseOf<typeof createPartitions>;
