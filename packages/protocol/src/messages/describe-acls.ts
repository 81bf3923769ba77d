/*
 * DescribeAcls (key 29), versions 0-3; v1 adds the pattern type (KIP-290), v2 is v1 in
 * compact form (flexible), v3 adds the USER_GROUP resource type on the broker side only.
 * The bindings matching one filter; codes are Kafka's (AclResourceType, AclOperation,
 * AclPermissionType, PatternType: the engine's acls/acl-codes.ts names them).
 *
 * DescribeAclsRequest  => resource_type_filter:int8 resource_name_filter:NULLABLE_STRING
 *                         pattern_type_filter:int8 (v1+, default LITERAL 3)
 *                         principal_filter:NULLABLE_STRING host_filter:NULLABLE_STRING
 *                         operation:int8 permission_type:int8
 *
 * DescribeAclsResponse => throttle_time_ms:int32 error_code:int16 error_message:NULLABLE_STRING [resources]
 *   resources          => resource_type:int8 resource_name:STRING pattern_type:int8 (v1+) [acls]
 *     acls             => principal:STRING host:STRING operation:int8 permission_type:int8
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, int8, int16, int32, nullableString, string } from "../schema/types.js";

/** Kafka's PatternType.LITERAL, what a v0 request means by every name. */
export const LITERAL_PATTERN = 3;

export const describeAcls = defineApi({
  key: 29,
  name: "DescribeAcls",
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 2,
  request: struct({
    resourceTypeFilter: int8,
    resourceNameFilter: nullableString,
    patternTypeFilter: since(1, int8, LITERAL_PATTERN),
    principalFilter: nullableString,
    hostFilter: nullableString,
    operation: int8,
    permissionType: int8,
  }),
  response: struct({
    throttleTimeMs: int32,
    errorCode: int16,
    errorMessage: nullableString,
    resources: array(
      struct({
        resourceType: int8,
        resourceName: string,
        patternType: since(1, int8, LITERAL_PATTERN),
        acls: array(struct({ principal: string, host: string, operation: int8, permissionType: int8 })),
      }),
    ),
  }),
});

export type DescribeAclsRequest = RequestOf<typeof describeAcls>;
export type DescribeAclsResponse = ResponseOf<typeof describeAcls>;
