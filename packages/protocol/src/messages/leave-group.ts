/*
 * LeaveGroup (key 13), versions 0-5; flexible from v4.
 *
 * LeaveGroupRequest v0-2 => group_id:STRING member_id:STRING
 * LeaveGroupRequest v3   => group_id [members]
 *   members               => member_id:STRING group_instance_id:NULLABLE_STRING
 * LeaveGroupRequest v5   => members + reason:NULLABLE_STRING
 *
 * LeaveGroupResponse v0   => error_code:int16
 * LeaveGroupResponse v1-2 => throttle_time_ms:int32 error_code:int16
 * LeaveGroupResponse v3   => v1 + [members]
 *   members                => member_id:STRING group_instance_id:NULLABLE_STRING error_code:int16
 *
 * v3 lets an admin remove static members by group.instance.id (member id "").
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct, until } from "../schema/struct.js";
import { array, int16, int32, nullableString, string } from "../schema/types.js";

export const leaveGroup = defineApi({
  key: 13,
  name: "LeaveGroup",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 4,
  request: struct({
    groupId: string,
    memberId: until(2, string, ""),
    members: since(3, array(struct({ memberId: string, groupInstanceId: nullableString, reason: since(5, nullableString, null) }))),
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    errorCode: int16,
    members: since(3, array(struct({ memberId: string, groupInstanceId: nullableString, errorCode: int16 }))),
  }),
});

export type LeaveGroupRequest = RequestOf<typeof leaveGroup>;
export type LeaveGroupResponse = ResponseOf<typeof leaveGroup>;
