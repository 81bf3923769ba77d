/*
 * LeaveGroup (key 13), versions 0-1; none flexible (flexible from v4).
 *
 * LeaveGroupRequest v0-1 => group_id:STRING member_id:STRING
 *
 * LeaveGroupResponse v0  => error_code:int16
 * LeaveGroupResponse v1  => throttle_time_ms:int32 error_code:int16
 *
 * v3 replaced member_id by a batch of members; not offered (librdkafka stops at 1).
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { int16, int32, string } from "../schema/types.js";

export const leaveGroup = defineApi({
  key: 13,
  name: "LeaveGroup",
  minVersion: 0,
  maxVersion: 1,
  request: struct({
    groupId: string,
    memberId: string,
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    errorCode: int16,
  }),
});

export type LeaveGroupRequest = RequestOf<typeof leaveGroup>;
export type LeaveGroupResponse = ResponseOf<typeof leaveGroup>;
