/*
 * ListGroups (key 16), versions 0-5; flexible from v3.
 *
 * ListGroupsRequest v0-2 => (empty body)
 *
 * ListGroupsResponse v0   => error_code:int16 [groups]
 *   groups                 => group_id:STRING protocol_type:STRING
 * ListGroupsResponse v1-2 => throttle_time_ms:int32 error_code:int16 [groups]
 * ListGroups v3            => v2 in compact form + TAG_BUFFER
 * ListGroups v4            => request [states_filter:STRING]; groups + group_state:STRING
 * ListGroups v5            => request [types_filter:STRING]; groups + group_type:STRING
 *
 * Lists only the groups this broker coordinates; kafkajs asks every broker and merges.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, int16, int32, string } from "../schema/types.js";

export const listGroups = defineApi({
  key: 16,
  name: "ListGroups",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 3,
  request: struct({
    statesFilter: since(4, array(string)),
    typesFilter: since(5, array(string)),
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    errorCode: int16,
    groups: array(struct({ groupId: string, protocolType: string, groupState: since(4, string, ""), groupType: since(5, string, "") })),
  }),
});

export type ListGroupsRequest = RequestOf<typeof listGroups>;
export type ListGroupsResponse = ResponseOf<typeof listGroups>;
