/*
 * The enums Kafka's ACL APIs carry as int8 codes (org.apache.kafka.common.resource.ResourceType,
 * acl.AclOperation, acl.AclPermissionType, resource.PatternType), named in lower case.
 * The filter-only values (`any`, and `match` for patterns) appear only in describe and
 * delete filters; a stored binding never holds them.
 */

export const RESOURCE_TYPE_CODES = { any: 1, topic: 2, group: 3, cluster: 4, transactional_id: 5, delegation_token: 6, user: 7 } as const;
export const OPERATION_CODES = {
  any: 1,
  all: 2,
  read: 3,
  write: 4,
  create: 5,
  delete: 6,
  alter: 7,
  describe: 8,
  cluster_action: 9,
  describe_configs: 10,
  alter_configs: 11,
  idempotent_write: 12,
} as const;
export const PERMISSION_CODES = { any: 1, deny: 2, allow: 3 } as const;
export const PATTERN_CODES = { any: 1, match: 2, literal: 3, prefixed: 4 } as const;

export type AclResourceTypeName = keyof typeof RESOURCE_TYPE_CODES;
export type AclOperationName = keyof typeof OPERATION_CODES;
export type AclPermissionName = keyof typeof PERMISSION_CODES;
export type AclPatternName = keyof typeof PATTERN_CODES;

/** The only name a cluster resource has in Kafka. */
export const CLUSTER_RESOURCE_NAME = "kafka-cluster";

function inverse<K extends string>(table: Record<K, number>): ReadonlyMap<number, K> {
  return new Map(Object.entries(table).map(([name, code]) => [code as number, name as K]));
}

const resourceTypes = inverse(RESOURCE_TYPE_CODES);
const operations = inverse(OPERATION_CODES);
const permissions = inverse(PERMISSION_CODES);
const patterns = inverse(PATTERN_CODES);

/** The name of a code, or undefined for a code Kafka has not defined (UNKNOWN = 0 included). */
export const resourceTypeName = (code: number): AclResourceTypeName | undefined => resourceTypes.get(code);
export const operationName = (code: number): AclOperationName | undefined => operations.get(code);
export const permissionName = (code: number): AclPermissionName | undefined => permissions.get(code);
export const patternName = (code: number): AclPatternName | undefined => patterns.get(code);
