/*
 * DescribeGroups (key 15), versions 0-5; flexible from v5.
 *
 * DescribeGroupsRequest v0-2 => [groups:STRING]
 *
 * DescribeGroupsResponse v0   => [groups]
 *   groups                     => error_code:int16 group_id:STRING group_state:STRING
 *                                 protocol_type:STRING protocol_data:STRING [members]
 *   members                    => member_id:STRING client_id:STRING client_host:STRING
 *                                 member_metadata:BYTES member_assignment:BYTES
 * DescribeGroupsResponse v1-2 => throttle_time_ms:int32 [groups]
 * DescribeGroups v3 => request + include_authorized_operations:BOOLEAN;
 *                      groups + authorized_operations:int32 (after members)
 * DescribeGroups v4 => members + group_instance_id:NULLABLE_STRING (after member_id)
 * DescribeGroups v5 => v4 in compact form + TAG_BUFFER
 *
 * An unknown group is not an error: state "Dead" and no members.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { AUTHORIZED_OPERATIONS_OMITTED } from "./metadata.js";
import { array, bool, bytes, int16, int32, nullableString, string } from "../schema/types.js";

export const describeGroups = defineApi({
  key: 15,
  name: "DescribeGroups",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 5,
  request: struct({
    groups: array(string),
    includeAuthorizedOperations: since(3, bool, false),
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    groups: array(
      struct({
        errorCode: int16,
        groupId: string,
        groupState: string,
        protocolType: string,
        protocolData: string,
        members: array(
          struct({
            memberId: string,
            groupInstanceId: since(4, nullableString, null),
            clientId: string,
            clientHost: string,
            memberMetadata: bytes,
            memberAssignment: bytes,
          }),
        ),
        authorizedOperations: since(3, int32, AUTHORIZED_OPERATIONS_OMITTED),
      }),
    ),
  }),
});

export type DescribeGroupsRequest = RequestOf<typeof describeGroups>;
export type DescribeGroupsResponse = ResponseOf<typeof describeGroups>;
