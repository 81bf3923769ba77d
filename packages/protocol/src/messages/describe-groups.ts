/*
 * DescribeGroups (key 15), versions 0-2; none flexible (flexible from v5).
 *
 * DescribeGroupsRequest v0-2 => [groups:STRING]
 *
 * DescribeGroupsResponse v0   => [groups]
 *   groups                     => error_code:int16 group_id:STRING group_state:STRING
 *                                 protocol_type:STRING protocol_data:STRING [members]
 *   members                    => member_id:STRING client_id:STRING client_host:STRING
 *                                 member_metadata:BYTES member_assignment:BYTES
 * DescribeGroupsResponse v1-2 => throttle_time_ms:int32 [groups]
 *
 * An unknown group is not an error: state "Dead" and no members.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, bytes, int16, int32, string } from "../schema/types.js";

export const describeGroups = defineApi({
  key: 15,
  name: "DescribeGroups",
  minVersion: 0,
  maxVersion: 2,
  request: struct({
    groups: array(string),
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
            clientId: string,
            clientHost: string,
            memberMetadata: bytes,
            memberAssignment: bytes,
          }),
        ),
      }),
    ),
  }),
});

export type DescribeGroupsRequest = RequestOf<typeof describeGroups>;
export type DescribeGroupsResponse = ResponseOf<typeof describeGroups>;
