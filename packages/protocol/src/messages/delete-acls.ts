/*
 * DeleteAcls (key 31), versions 0-3; v1 adds the pattern type (KIP-290), v2 is v1 in
 * compact form (flexible). Each filter deletes every binding it matches.
 *
 * DeleteAclsRequest  => [filters]
 *   filters          => resource_type_filter:int8 resource_name_filter:NULLABLE_STRING
 *                       pattern_type_filter:int8 (v1+, default LITERAL 3)
 *                       principal_filter:NULLABLE_STRING host_filter:NULLABLE_STRING
 *                       operation:int8 permission_type:int8
 *
 * DeleteAclsResponse => throttle_time_ms:int32 [filter_results]
 *   filter_results   => error_code:int16 error_message:NULLABLE_STRING [matching_acls]
 *     matching_acls  => error_code:int16 error_message:NULLABLE_STRING resource_type:int8
 *                       resource_name:STRING pattern_type:int8 (v1+) principal:STRING host:STRING
 *                       operation:int8 permission_type:int8
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { LITERAL_PATTERN } from "./describe-acls.js";
import { since, struct } from "../schema/struct.js";
import { array, int8, int16, int32, nullableString, string } from "../schema/types.js";

export const deleteAcls = defineApi({
  key: 31,
  name: "DeleteAcls",
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 2,
  request: struct({
    filters: array(
      struct({
        resourceTypeFilter: int8,
        resourceNameFilter: nullableString,
        patternTypeFilter: since(1, int8, LITERAL_PATTERN),
        principalFilter: nullableString,
        hostFilter: nullableString,
        operation: int8,
        permissionType: int8,
      }),
    ),
  }),
  response: struct({
    throttleTimeMs: int32,
    filterResults: array(
      struct({
        errorCode: int16,
        errorMessage: nullableString,
        matchingAcls: array(
          struct({
            errorCode: int16,
            errorMessage: nullableString,
            resourceType: int8,
            resourceName: string,
            patternType: since(1, int8, LITERAL_PATTERN),
            principal: string,
            host: string,
            operation: int8,
            permissionType: int8,
          }),
        ),
      }),
    ),
  }),
});

export type DeleteAclsRequest = RequestOf<typeof deleteAcls>;
export type DeleteAclsResponse = ResponseOf<typeof deleteAcls>;
