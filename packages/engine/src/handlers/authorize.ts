/*
 * ACL enforcement on the Kafka listener: each gated API is wrapped so that the parts of a
 * request the client may not touch are answered with Kafka's authorization error and only
 * the rest reaches the handler (topic-gates.ts, group-gates.ts). A requester no binding
 * restricts skips the gates, so the hot path costs one map lookup.
 */
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import type { AclOperation, AclResourceType } from "../acls/acl-bindings.js";
import type { Requester } from "../acls/authorizer.js";
import type { ApiHandler, NO_RESPONSE, RequestContext } from "../server/handler.js";
import type { BrokerContext } from "./broker-context.js";

export function requesterOf(context: RequestContext): Requester {
  // Past the SASL gate every request on a SASL listener has a principal; an empty user restricts nothing.
  return { user: context.sasl === undefined ? null : (context.sasl.principal ?? ""), host: context.remoteAddress };
}

/** Whether the request's user may perform an operation on a resource. */
export type Can = (operation: AclOperation, type: AclResourceType, name: string) => boolean;

type Answer<A extends ApiDefinition> = ResponseOf<A> | typeof NO_RESPONSE;

/** Wraps one API's handling for a restricted requester; `next` runs the real handler on a (trimmed) request. */
export interface Gate<A extends ApiDefinition = ApiDefinition> {
  readonly api: A;
  check(request: RequestOf<A>, context: RequestContext, next: (request: RequestOf<A>) => Promise<Answer<A>>, can: Can): Promise<Answer<A>> | Answer<A>;
}

/** Splits `items` into those `allowed` and those not, keeping order: what a gate passes on and what it refuses. */
export function split<T>(items: readonly T[], allowed: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (allowed(item) ? yes : no).push(item);
  return [yes, no];
}

export function gate<A extends ApiDefinition>(api: A, check: Gate<A>["check"]): Gate {
  return { api, check } as unknown as Gate;
}

/** `handlers`, each one a gate covers wrapped by it. */
export function authorizeHandlers(ctx: BrokerContext, handlers: readonly ApiHandler[], gates: readonly Gate[]): ApiHandler[] {
  const byKey = new Map(gates.map((g) => [g.api.key, g]));
  return handlers.map((inner) => {
    const wrap = byKey.get(inner.api.key);
    if (wrap === undefined) return inner;
    return {
      ...inner,
      handle: (request, context) => {
        const requester = requesterOf(context);
        if (ctx.authorizer.unrestricted(requester)) return inner.handle(request, context);
        const can: Can = (operation, type, name) => ctx.authorizer.allows(requester, operation, type, name);
        return wrap.check(request, context, async (trimmed) => inner.handle(trimmed, context), can);
      },
    };
  });
}
