/*
 * DeleteGroups (key 42), versions 0-2; v2 is v1 in compact form (flexible).
 *
 * DeleteGroupsRequest v0-1  => [groups_names:STRING]
 * DeleteGroupsResponse v0-1 => throttle_time_ms:int32 [results]
 *   results                  => group_id:STRING error_code:int16
 *
 * NON_EMPTY_GROUP (68) while members remain, GROUP_ID_NOT_FOUND (69) when unknown.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { struct } from "../schema/struct.js";
import { array, int16, int32, string } from "../schema/types.js";

export const deleteGroups = defineApi({
  key: 42,
  name: "DeleteGroups",
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 2,
  request: struct({
    groupsNames: array(string),
  }),
  response: struct({
    throttleTimeMs: int32,
    results: array(struct({ groupId: string, errorCode: int16 })),
  }),
});

export type DeleteGroupsRequest = RequestOf<typeof deleteGroups>;
export type DeleteGroupsResponse = ResponseOf<typeof deleteGroups>;
