/*
 * DeleteRecords (key 21), versions 0-2; flexible from v2. Moves each partition's log start
 * offset up to `offset` (-1 = the high watermark); records below it are no longer served.
 *
 * DeleteRecordsRequest  => [topics] timeout_ms:int32
 *   topics              => name:STRING [partitions]
 *   partitions          => partition_index:int32 offset:int64
 *
 * DeleteRecordsResponse => throttle_time_ms:int32 [topics]
 *   topics              => name:STRING [partitions]
 *   partitions          => partition_index:int32 low_watermark:int64 error_code:int16
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { struct } from "../schema/struct.js";
import { array, int16, int32, int64, string } from "../schema/types.js";

export const deleteRecords = defineApi({
  key: 21,
  name: "DeleteRecords",
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 2,
  request: struct({
    topics: array(struct({ name: string, partitions: array(struct({ partitionIndex: int32, offset: int64 })) })),
    timeoutMs: int32,
  }),
  response: struct({
    throttleTimeMs: int32,
    topics: array(struct({ name: string, partitions: array(struct({ partitionIndex: int32, lowWatermark: int64, errorCode: int16 })) })),
  }),
});

export type DeleteRecordsRequest = RequestOf<typeof deleteRecords>;
export type DeleteRecordsResponse = ResponseOf<typeof deleteRecords>;
