/*
 * OffsetDelete (key 47), version 0; not flexible (KIP-496). Deletes a group's committed
 * offsets for partitions no member of the group is subscribed to.
 *
 * OffsetDeleteRequest  => group_id:STRING [topics]
 *   topics             => name:STRING [partitions]
 *   partitions         => partition_index:int32
 *
 * OffsetDeleteResponse => error_code:int16 throttle_time_ms:int32 [topics]
 *   topics             => name:STRING [partitions]
 *   partitions         => partition_index:int32 error_code:int16
 *
 * GROUP_SUBSCRIBED_TO_TOPIC (86) for a partition of a topic the live group consumes.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { struct } from "../schema/struct.js";
import { array, int16, int32, string } from "../schema/types.js";

export const offsetDelete = defineApi({
  key: 47,
  name: "OffsetDelete",
  minVersion: 0,
  maxVersion: 0,
  request: struct({
    groupId: string,
    topics: array(struct({ name: string, partitions: array(struct({ partitionIndex: int32 })) })),
  }),
  response: struct({
    errorCode: int16,
    throttleTimeMs: int32,
    topics: array(struct({ name: string, partitions: array(struct({ partitionIndex: int32, errorCode: int16 })) })),
  }),
});

export type OffsetDeleteRequest = RequestOf<typeof offsetDelete>;
export type OffsetDeleteResponse = ResponseOf<typeof offsetDelete>;
