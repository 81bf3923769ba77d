import { errorCode } from "@freshet/protocol/errors/error-codes";
import { alterClientQuotas } from "@freshet/protocol/messages/alter-client-quotas";
import { describeClientQuotas } from "@freshet/protocol/messages/describe-client-quotas";
import { handler, type RequestContext } from "../server/handler.js";
import { describeQuotas, parseQuotaChange, type QuotaChange, type QuotaProblem } from "../quotas/client-quotas.js";
import type { BrokerContext } from "./broker-context.js";

const NOT_A_SUPER_USER = "client quotas are read and changed only by the cluster's super users (--super-users)";

/**
 * Quotas are the cluster operator's (a spend cap throttles every producer): on a listener
 * with SASL only a super user may see or change them; without authentication every
 * client is trusted, as Kafka without an authorizer.
 */
function mayManageQuotas(ctx: BrokerContext, context: RequestContext): boolean {
  if (context.sasl === undefined) return true;
  const principal = context.sasl.principal;
  return principal !== null && (ctx.settings.superUsers ?? []).includes(principal);
}

export function describeClientQuotasHandler(ctx: BrokerContext) {
  return handler(describeClientQuotas, (request, context) => {
    const refused = (problem: QuotaProblem) => ({ throttleTimeMs: 0, errorCode: errorCode(problem.errorName), errorMessage: problem.message, entries: null });
    if (!mayManageQuotas(ctx, context)) return refused({ errorName: "CLUSTER_AUTHORIZATION_FAILED", message: NOT_A_SUPER_USER });
    const found = describeQuotas(ctx.quotas.current(), request.components, request.strict);
    if (!found.ok) return refused(found.error);
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      entries: found.value.map((entry) => ({ entity: entry.entity, values: Object.entries(entry.values).map(([key, value]) => ({ key, value })) })),
    };
  });
}

/** Each entry is checked alone; the valid ones are applied together (durably, by the controller in a cluster). */
export function alterClientQuotasHandler(ctx: BrokerContext) {
  return handler(alterClientQuotas, async (request, context) => {
    const answer = (entity: (typeof request.entries)[number]["entity"], problem: QuotaProblem | null) => ({
      errorCode: problem === null ? 0 : errorCode(problem.errorName),
      errorMessage: problem?.message ?? null,
      entity,
    });
    if (!mayManageQuotas(ctx, context)) {
      return { throttleTimeMs: 0, entries: request.entries.map((entry) => answer(entry.entity, { errorName: "CLUSTER_AUTHORIZATION_FAILED", message: NOT_A_SUPER_USER })) };
    }
    const parsed = request.entries.map((entry) => parseQuotaChange(entry));
    const valid: QuotaChange[] = parsed.flatMap((result) => (result.ok ? [result.value] : []));
    const applied = request.validateOnly || valid.length === 0 ? null : await ctx.quotas.alter(valid);
    return { throttleTimeMs: 0, entries: request.entries.map((entry, index) => answer(entry.entity, parsed[index]!.ok ? applied : (parsed[index] as { error: QuotaProblem }).error)) };
  });
}
