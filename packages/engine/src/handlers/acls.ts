import { OPERATION_CODES, PATTERN_CODES, PERMISSION_CODES, RESOURCE_TYPE_CODES } from "@freshet/protocol/acls/acl-codes";
import { errorCode } from "@freshet/protocol/errors/error-codes";
import { createAcls } from "@freshet/protocol/messages/create-acls";
import { deleteAcls } from "@freshet/protocol/messages/delete-acls";
import { describeAcls } from "@freshet/protocol/messages/describe-acls";
import { filterMatches, parseAclCreation, parseAclFilter, type AclBinding, type AclProblem } from "../acls/acl-bindings.js";
import { handler, type RequestContext } from "../server/handler.js";
import type { BrokerContext } from "./broker-context.js";
import { requesterOf } from "./authorize.js";

const NOT_A_SUPER_USER: AclProblem = {
  errorName: "CLUSTER_AUTHORIZATION_FAILED",
  message: "ACLs are read and changed only by the cluster's super users (--super-users)",
};

/** ACLs decide what every tenant user may do, so on a SASL listener they are the super users' alone (as quotas are). */
function mayManageAcls(ctx: BrokerContext, context: RequestContext): boolean {
  return ctx.authorizer.isSuperUser(requesterOf(context));
}

function wire(binding: AclBinding) {
  return {
    resourceType: RESOURCE_TYPE_CODES[binding.resourceType],
    resourceName: binding.resourceName,
    patternType: PATTERN_CODES[binding.patternType],
    principal: binding.principal,
    host: binding.host,
    operation: OPERATION_CODES[binding.operation],
    permissionType: PERMISSION_CODES[binding.permission],
  };
}

export function describeAclsHandler(ctx: BrokerContext) {
  return handler(describeAcls, (request, context) => {
    const refused = (problem: AclProblem) => ({ throttleTimeMs: 0, errorCode: errorCode(problem.errorName), errorMessage: problem.message, resources: [] });
    if (!mayManageAcls(ctx, context)) return refused(NOT_A_SUPER_USER);
    const filter = parseAclFilter(request);
    if (!filter.ok) return refused(filter.error);
    // Kafka answers one entry per resource pattern, its matching entries beneath.
    const resources = new Map<string, { resourceType: number; resourceName: string; patternType: number; acls: { principal: string; host: string; operation: number; permissionType: number }[] }>();
    for (const binding of ctx.acls.current()) {
      if (!filterMatches(filter.value, binding)) continue;
      const { resourceType, resourceName, patternType, ...entry } = wire(binding);
      const key = JSON.stringify([resourceType, resourceName, patternType]);
      const resource = resources.get(key) ?? { resourceType, resourceName, patternType, acls: [] };
      resource.acls.push(entry);
      resources.set(key, resource);
    }
    return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, resources: [...resources.values()] };
  });
}

/** Each creation is checked alone; the valid ones are applied together (durably, by the controller in a cluster). */
export function createAclsHandler(ctx: BrokerContext) {
  return handler(createAcls, async (request, context) => {
    const answer = (problem: AclProblem | null) => ({ errorCode: problem === null ? 0 : errorCode(problem.errorName), errorMessage: problem?.message ?? null });
    if (!mayManageAcls(ctx, context)) return { throttleTimeMs: 0, results: request.creations.map(() => answer(NOT_A_SUPER_USER)) };
    const parsed = request.creations.map((creation) => parseAclCreation(creation));
    const valid = parsed.flatMap((result) => (result.ok ? [result.value] : []));
    const applied = valid.length === 0 ? null : await ctx.acls.alter({ create: valid, delete: [] });
    return { throttleTimeMs: 0, results: parsed.map((result) => answer(result.ok ? applied : result.error)) };
  });
}

/** Every filter is matched against the bindings as they were; all matches are removed in one change. */
export function deleteAclsHandler(ctx: BrokerContext) {
  return handler(deleteAcls, async (request, context) => {
    const failed = (problem: AclProblem) => ({ errorCode: errorCode(problem.errorName), errorMessage: problem.message, matchingAcls: [] });
    if (!mayManageAcls(ctx, context)) return { throttleTimeMs: 0, filterResults: request.filters.map(() => failed(NOT_A_SUPER_USER)) };
    const bindings = ctx.acls.current();
    const matches = request.filters.map((raw) => {
      const filter = parseAclFilter(raw);
      return filter.ok ? { ok: true as const, bindings: bindings.filter((binding) => filterMatches(filter.value, binding)) } : { ok: false as const, problem: filter.error };
    });
    const doomed = matches.flatMap((match) => (match.ok ? match.bindings : []));
    const problem = doomed.length === 0 ? null : await ctx.acls.alter({ create: [], delete: doomed });
    return {
      throttleTimeMs: 0,
      filterResults: matches.map((match) => {
        if (!match.ok) return failed(match.problem);
        if (problem !== null) return failed(problem);
        return { errorCode: 0, errorMessage: null, matchingAcls: match.bindings.map((binding) => ({ errorCode: 0, errorMessage: null, ...wire(binding) })) };
      }),
    };
  });
}
