/*
 * Kafka ACLs (CreateAcls, DescribeAcls, DeleteAcls): bindings of a resource pattern to a
 * principal's permission for one operation, stored by the cluster's controller and
 * enforced by every broker. Names are Kafka's enums in lower case (protocol acls/acl-codes).
 */
import {
  OPERATION_CODES,
  PATTERN_CODES,
  PERMISSION_CODES,
  RESOURCE_TYPE_CODES,
  operationName,
  patternName,
  permissionName,
  resourceTypeName,
  type AclOperationName,
} from "@freshet/protocol/acls/acl-codes";
import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { createAcls } from "@freshet/protocol/messages/create-acls";
import { deleteAcls } from "@freshet/protocol/messages/delete-acls";
import { describeAcls } from "@freshet/protocol/messages/describe-acls";
import type { Cluster } from "../cluster/cluster.js";

export type AclResourceType = "topic" | "group" | "cluster";
export type AclOperation = Exclude<AclOperationName, "any">;

export interface AclBinding {
  readonly resourceType: AclResourceType;
  /** A topic or group name (or prefix); the cluster is named `kafka-cluster`. */
  readonly resourceName: string;
  readonly patternType: "literal" | "prefixed";
  /** `User:<SASL username>`. */
  readonly principal: string;
  /** The client address the binding applies to; `*` for any. */
  readonly host: string;
  readonly operation: AclOperation;
  readonly permission: "allow" | "deny";
}

/** Which bindings to describe or delete; a field left out matches any value. */
export interface AclBindingFilter {
  readonly resourceType?: AclResourceType;
  readonly resourceName?: string;
  /** `match`: every binding that applies to `resourceName` (literal, `*` or a covering prefix). */
  readonly patternType?: "literal" | "prefixed" | "match";
  readonly principal?: string;
  readonly host?: string;
  readonly operation?: AclOperation;
  readonly permission?: "allow" | "deny";
}

function wireFilter(filter: AclBindingFilter) {
  return {
    resourceTypeFilter: RESOURCE_TYPE_CODES[filter.resourceType ?? "any"],
    resourceNameFilter: filter.resourceName ?? null,
    patternTypeFilter: PATTERN_CODES[filter.patternType ?? "any"],
    principalFilter: filter.principal ?? null,
    hostFilter: filter.host ?? null,
    operation: OPERATION_CODES[filter.operation ?? "any"],
    permissionType: PERMISSION_CODES[filter.permission ?? "any"],
  };
}

function bindingFromWire(wire: { resourceType: number; resourceName: string; patternType: number; principal: string; host: string; operation: number; permissionType: number }): AclBinding {
  return {
    resourceType: resourceTypeName(wire.resourceType) as AclResourceType,
    resourceName: wire.resourceName,
    patternType: patternName(wire.patternType) as AclBinding["patternType"],
    principal: wire.principal,
    host: wire.host,
    operation: operationName(wire.operation) as AclOperation,
    permission: permissionName(wire.permissionType) as AclBinding["permission"],
  };
}

function failure(code: number, what: string, message: string | null): KafkaProtocolError {
  return new KafkaProtocolError(code, `${what}${message ? ` (${message})` : ""}`);
}

/** Creates bindings; any broker takes the request. Throws the first binding's refusal. */
export async function createAclsOn(cluster: Cluster, bindings: readonly AclBinding[]): Promise<void> {
  await cluster.retry(async () => {
    const connection = await cluster.anyConnection();
    const response = await connection.request(createAcls, {
      creations: bindings.map((b) => ({
        resourceType: RESOURCE_TYPE_CODES[b.resourceType],
        resourceName: b.resourceName,
        resourcePatternType: PATTERN_CODES[b.patternType],
        principal: b.principal,
        host: b.host,
        operation: OPERATION_CODES[b.operation],
        permissionType: PERMISSION_CODES[b.permission],
      })),
    });
    const failed = response.results.find((result) => result.errorCode !== 0);
    if (failed !== undefined) throw failure(failed.errorCode, "create ACLs", failed.errorMessage);
  });
}

/** The bindings matching `filter` (every binding by default). */
export async function describeAclsOn(cluster: Cluster, filter: AclBindingFilter = {}): Promise<AclBinding[]> {
  return cluster.retry(async () => {
    const connection = await cluster.anyConnection();
    const response = await connection.request(describeAcls, wireFilter(filter));
    if (response.errorCode !== 0) throw failure(response.errorCode, "describe ACLs", response.errorMessage);
    return response.resources.flatMap((resource) => resource.acls.map((acl) => bindingFromWire({ ...resource, ...acl })));
  });
}

/** Deletes every binding matching any of `filters`; answers the bindings deleted. */
export async function deleteAclsOn(cluster: Cluster, filters: readonly AclBindingFilter[]): Promise<AclBinding[]> {
  return cluster.retry(async () => {
    const connection = await cluster.anyConnection();
    const response = await connection.request(deleteAcls, { filters: filters.map(wireFilter) });
    const failed = response.filterResults.find((result) => result.errorCode !== 0);
    if (failed !== undefined) throw failure(failed.errorCode, "delete ACLs", failed.errorMessage);
    return response.filterResults.flatMap((result) => result.matchingAcls.map(bindingFromWire));
  });
}
