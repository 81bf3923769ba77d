/*
 * Heartbeat (key 12), versions 0-4; v4 is flexible.
 *
 * HeartbeatRequest v0-2 => group_id:STRING generation_id:int32 member_id:STRING
 * HeartbeatRequest v3   => v0 + group_instance_id:NULLABLE_STRING
 *
 * HeartbeatResponse v0   => error_code:int16
 * HeartbeatResponse v1-3 => throttle_time_ms:int32 error_code:int16
 * Heartbeat v4            => v3 in compact form + TAG_BUFFER
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { int16, int32, nullableString, string } from "../schema/types.js";

export const heartbeat = defineApi({
  key: 12,
  name: "Heartbeat",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 4,
  request: struct({
    groupId: string,
    generationId: int32,
    memberId: string,
    groupInstanceId: since(3, nullableString, null),
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    errorCode: int16,
  }),
});

export type HeartbeatRequest = RequestOf<typeof heartbeat>;
export type HeartbeatResponse = ResponseOf<typeof heartbeat>;
