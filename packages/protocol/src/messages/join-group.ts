/*
 * JoinGroup (key 11), versions 0-9; flexible from v6.
 *
 * JoinGroupRequest v0   => group_id:STRING session_timeout_ms:int32 member_id:STRING
 *                          protocol_type:STRING [protocols]
 *   protocols            => name:STRING metadata:BYTES
 * JoinGroupRequest v1-4 => group_id session_timeout_ms rebalance_timeout_ms:int32 member_id
 *                          protocol_type [protocols]
 * JoinGroupRequest v5   => v1 + group_instance_id:NULLABLE_STRING (after member_id)
 *
 * JoinGroupResponse v0-1 => error_code:int16 generation_id:int32 protocol_name:STRING
 *                           leader:STRING member_id:STRING [members]
 *   members               => member_id:STRING metadata:BYTES
 * JoinGroupResponse v2-4 => throttle_time_ms:int32 + v0
 * JoinGroupResponse v5   => v2, members => member_id group_instance_id:NULLABLE_STRING metadata
 *
 * v6 is v5 in compact form. v7 adds protocol_type (NULLABLE) before protocol_name in the
 * response (which becomes nullable); v8 adds reason:NULLABLE_STRING to the request; v9
 * adds skip_assignment:BOOLEAN after leader in the response.
 *
 * v0 has no rebalance timeout; Kafka then uses the session timeout, which a handler
 * recognises by the fallback -1. From v4 a first join with an empty member id is
 * answered MEMBER_ID_REQUIRED with the assigned id.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, bool, bytes, int16, int32, nullableString, string } from "../schema/types.js";

export const joinGroup = defineApi({
  key: 11,
  name: "JoinGroup",
  minVersion: 0,
  maxVersion: 9,
  flexibleFrom: 6,
  request: struct({
    groupId: string,
    sessionTimeoutMs: int32,
    rebalanceTimeoutMs: since(1, int32, -1),
    memberId: string,
    groupInstanceId: since(5, nullableString, null),
    protocolType: string,
    protocols: array(struct({ name: string, metadata: bytes })),
    reason: since(8, nullableString, null),
  }),
  response: struct({
    throttleTimeMs: since(2, int32, 0),
    errorCode: int16,
    generationId: int32,
    protocolType: since(7, nullableString, null),
    protocolName: string,
    leader: string,
    skipAssignment: since(9, bool, false),
    memberId: string,
    members: array(
      struct({
        memberId: string,
        groupInstanceId: since(5, nullableString, null),
        metadata: bytes,
      }),
    ),
  }),
});

export type JoinGroupRequest = RequestOf<typeof joinGroup>;
export type JoinGroupResponse = ResponseOf<typeof joinGroup>;
