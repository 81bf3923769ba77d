/*
 * ACL bindings as the controller stores them (Kafka's AclBinding: a resource pattern and
 * an access control entry), the changes CreateAcls/DeleteAcls turn into, and the filters
 * DescribeAcls/DeleteAcls match with. Pure functions; the controller and standalone
 * brokers persist the list, every broker enforces it (authorizer.ts).
 */
import { z } from "zod";
import {
  CLUSTER_RESOURCE_NAME,
  operationName,
  patternName,
  permissionName,
  resourceTypeName,
  type AclOperationName,
  type AclPatternName,
  type AclPermissionName,
  type AclResourceTypeName,
} from "@freshet/protocol/acls/acl-codes";
import type { ErrorName } from "@freshet/protocol/errors/error-codes";
import { err, ok, type Result } from "@freshet/protocol/result";

/** The resources Freshet enforces; Kafka's transactional ids, tokens and users are refused. */
export const ACL_RESOURCE_TYPES = ["topic", "group", "cluster"] as const;
export const ACL_OPERATIONS = ["all", "read", "write", "create", "delete", "alter", "describe", "cluster_action", "describe_configs", "alter_configs", "idempotent_write"] as const;
/** Principals are SASL users, as Kafka names them. */
export const USER_PRINCIPAL_PREFIX = "User:";

export const aclBindingSchema = z.object({
  resourceType: z.enum(ACL_RESOURCE_TYPES),
  resourceName: z.string().min(1),
  patternType: z.enum(["literal", "prefixed"]),
  principal: z.string().startsWith(USER_PRINCIPAL_PREFIX),
  host: z.string().min(1),
  operation: z.enum(ACL_OPERATIONS),
  permission: z.enum(["allow", "deny"]),
});
export type AclBinding = z.infer<typeof aclBindingSchema>;
export type AclResourceType = AclBinding["resourceType"];
export type AclOperation = AclBinding["operation"];

export const aclBindingsSchema = z.array(aclBindingSchema);

/** One CreateAcls/DeleteAcls request's effect: bindings to add and exact bindings to remove. */
export const aclChangeSchema = z.object({ create: aclBindingsSchema, delete: aclBindingsSchema });
export type AclChange = z.infer<typeof aclChangeSchema>;

export type AclProblem = { readonly errorName: ErrorName; readonly message: string };

/** A filter with every field optional: undefined matches anything (Kafka's ANY and null). */
export interface AclFilter {
  readonly resourceType?: AclResourceTypeName | undefined;
  readonly resourceName?: string | undefined;
  /** `match`: every binding that applies to `resourceName` (literal, wildcard or a prefix of it). */
  readonly patternType?: AclPatternName | undefined;
  readonly principal?: string | undefined;
  readonly host?: string | undefined;
  readonly operation?: AclOperationName | undefined;
  readonly permission?: AclPermissionName | undefined;
}

function bindingKey(b: AclBinding): string {
  return JSON.stringify([b.resourceType, b.patternType, b.resourceName, b.principal, b.host, b.operation, b.permission]);
}

/** `bindings` without the deletions, then with the creations, each binding kept once. */
export function applyAclChange(bindings: readonly AclBinding[], change: AclChange): AclBinding[] {
  const removed = new Set(change.delete.map(bindingKey));
  const out = new Map<string, AclBinding>();
  for (const binding of bindings) if (!removed.has(bindingKey(binding))) out.set(bindingKey(binding), binding);
  for (const binding of change.create) out.set(bindingKey(binding), binding);
  return [...out.values()];
}

const invalid = (message: string): Result<never, AclProblem> => err({ errorName: "INVALID_REQUEST", message });

/** Checks one CreateAcls creation as Kafka does: a concrete resource, pattern, operation and permission, a User principal. */
export function parseAclCreation(creation: {
  resourceType: number;
  resourceName: string;
  resourcePatternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}): Result<AclBinding, AclProblem> {
  const resourceType = resourceTypeName(creation.resourceType);
  if (resourceType === undefined || !(ACL_RESOURCE_TYPES as readonly string[]).includes(resourceType)) {
    return invalid(`resource type ${creation.resourceType} is not one of topic (2), group (3) or cluster (4)`);
  }
  const patternType = patternName(creation.resourcePatternType);
  if (patternType !== "literal" && patternType !== "prefixed") return invalid(`pattern type ${creation.resourcePatternType} is not literal (3) or prefixed (4)`);
  if (creation.resourceName === "") return invalid("the resource name is empty");
  if (resourceType === "cluster" && (creation.resourceName !== CLUSTER_RESOURCE_NAME || patternType !== "literal")) {
    return invalid(`the cluster resource is named '${CLUSTER_RESOURCE_NAME}', literally`);
  }
  if (!creation.principal.startsWith(USER_PRINCIPAL_PREFIX) || creation.principal.length === USER_PRINCIPAL_PREFIX.length) {
    return invalid(`principal '${creation.principal}' is not User:<name>`);
  }
  // A wildcard principal would give every user bindings, taking away the full access of those without any.
  if (creation.principal === `${USER_PRINCIPAL_PREFIX}*`) return invalid("the wildcard principal User:* is not supported; name each user");
  const operation = operationName(creation.operation);
  if (operation === undefined || operation === "any") return invalid(`operation ${creation.operation} is not a concrete Kafka operation`);
  const permission = permissionName(creation.permissionType);
  if (permission !== "allow" && permission !== "deny") return invalid(`permission type ${creation.permissionType} is not deny (2) or allow (3)`);
  if (creation.host === "") return invalid("the host is empty; use * for any host");
  return ok({ resourceType: resourceType as AclResourceType, resourceName: creation.resourceName, patternType, principal: creation.principal, host: creation.host, operation, permission });
}

/** Reads a DescribeAcls/DeleteAcls filter; UNKNOWN codes are refused as Kafka does. */
export function parseAclFilter(filter: {
  resourceTypeFilter: number;
  resourceNameFilter: string | null;
  patternTypeFilter: number;
  principalFilter: string | null;
  hostFilter: string | null;
  operation: number;
  permissionType: number;
}): Result<AclFilter, AclProblem> {
  const resourceType = resourceTypeName(filter.resourceTypeFilter);
  const patternType = patternName(filter.patternTypeFilter);
  const operation = operationName(filter.operation);
  const permission = permissionName(filter.permissionType);
  if (resourceType === undefined || patternType === undefined || operation === undefined || permission === undefined) {
    return invalid("the filter holds an unknown resource type, pattern type, operation or permission");
  }
  return ok({
    resourceType: resourceType === "any" ? undefined : resourceType,
    resourceName: filter.resourceNameFilter ?? undefined,
    patternType: patternType === "any" ? undefined : patternType,
    principal: filter.principalFilter ?? undefined,
    host: filter.hostFilter ?? undefined,
    operation: operation === "any" ? undefined : operation,
    permission: permission === "any" ? undefined : permission,
  });
}

/** Whether a binding's resource pattern covers the resource named `name`. */
export function patternCovers(binding: Pick<AclBinding, "patternType" | "resourceName">, name: string): boolean {
  if (binding.patternType === "prefixed") return name.startsWith(binding.resourceName);
  return binding.resourceName === name || binding.resourceName === "*";
}

function nameMatches(filter: AclFilter, binding: AclBinding): boolean {
  if (filter.patternType === "match") return filter.resourceName === undefined || patternCovers(binding, filter.resourceName);
  if (filter.patternType !== undefined && filter.patternType !== binding.patternType) return false;
  return filter.resourceName === undefined || filter.resourceName === binding.resourceName;
}

export function filterMatches(filter: AclFilter, binding: AclBinding): boolean {
  return (
    (filter.resourceType === undefined || filter.resourceType === binding.resourceType) &&
    nameMatches(filter, binding) &&
    (filter.principal === undefined || filter.principal === binding.principal) &&
    (filter.host === undefined || filter.host === binding.host) &&
    (filter.operation === undefined || filter.operation === binding.operation) &&
    (filter.permission === undefined || filter.permission === binding.permission)
  );
}
