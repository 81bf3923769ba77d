/*
 * SyncGroup (key 14), versions 0-5; flexible from v4.
 *
 * SyncGroupRequest v0-2 => group_id:STRING generation_id:int32 member_id:STRING [assignments]
 *   assignments          => member_id:STRING assignment:BYTES
 * SyncGroupRequest v3   => group_id generation_id member_id group_instance_id:NULLABLE_STRING
 *                          [assignments]
 *
 * SyncGroupResponse v0   => error_code:int16 assignment:BYTES
 * SyncGroupResponse v1-3 => throttle_time_ms:int32 error_code:int16 assignment:BYTES
 *
 * v4 is v3 in compact form. v5 adds protocol_type and protocol_name (NULLABLE)
 * after group_instance_id in the request and after error_code in the response;
 * Java clients check that the answer names the protocol they joined with.
 *
 * Only the group leader sends assignments; followers send an empty list.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, bytes, int16, int32, nullableString, string } from "../schema/types.js";

export const syncGroup = defineApi({
  key: 14,
  name: "SyncGroup",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 4,
  request: struct({
    groupId: string,
    generationId: int32,
    memberId: string,
    groupInstanceId: since(3, nullableString, null),
    protocolType: since(5, nullableString, null),
    protocolName: since(5, nullableString, null),
    assignments: array(struct({ memberId: string, assignment: bytes })),
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    errorCode: int16,
    protocolType: since(5, nullableString, null),
    protocolName: since(5, nullableString, null),
    assignment: bytes,
  }),
});

export type SyncGroupRequest = RequestOf<typeof syncGroup>;
export type SyncGroupResponse = ResponseOf<typeof syncGroup>;
