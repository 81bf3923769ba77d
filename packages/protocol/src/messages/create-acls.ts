/*
 * CreateAcls (key 30), versions 0-3; v1 adds the pattern type (KIP-290), v2 is v1 in
 * compact form (flexible). Each creation succeeds or fails alone.
 *
 * CreateAclsRequest  => [creations]
 *   creations        => resource_type:int8 resource_name:STRING resource_pattern_type:int8 (v1+, default LITERAL 3)
 *                       principal:STRING host:STRING operation:int8 permission_type:int8
 *
 * CreateAclsResponse => throttle_time_ms:int32 [results]
 *   results          => error_code:int16 error_message:NULLABLE_STRING
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { LITERAL_PATTERN } from "./describe-acls.js";
import { since, struct } from "../schema/struct.js";
import { array, int8, int16, int32, nullableString, string } from "../schema/types.js";

export const createAcls = defineApi({
  key: 30,
  name: "CreateAcls",
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 2,
  request: struct({
    creations: array(
      struct({
        resourceType: int8,
        resourceName: string,
        resourcePatternType: since(1, int8, LITERAL_PATTERN),
        principal: string,
        host: string,
        operation: int8,
        permissionType: int8,
      }),
    ),
  }),
  response: struct({
    throttleTimeMs: int32,
    results: array(struct({ errorCode: int16, errorMessage: nullableString })),
  }),
});

export type CreateAclsRequest = RequestOf<typeof createAcls>;
export type CreateAclsResponse = ResponseOf<typeof createAcls>;
