import { initTRPC } from "@trpc/server";
import { ZodError } from "zod";
import { recordAudit, type AuditEntry } from "./audit.js";
import { roleAtLeast, type MemberRole } from "@freshet/db/roles";
import type { Actor, Context } from "./context.js";
import { AppError, toTRPCError } from "./errors.js";
import { TOO_LARGE_MESSAGE } from "./http/trpc-request-guard.js";
import { sentenceOf } from "@freshet/control-plane/validation/zod-sentence";

const t = initTRPC.context<Context>().create({
  // A comment line every 10 s keeps idle event streams open through proxies that drop quiet connections.
  sse: { ping: { enabled: true, intervalMs: 10_000 } },
  errorFormatter({ shape, error }) {
    // Unexpected failures keep their detail in the server log; callers learn only that one happened.
    if (error.code === "INTERNAL_SERVER_ERROR") return { ...shape, message: "Internal error.", data: { ...shape.data, stack: undefined } };
    // A chunked body over the limit, cut off by tRPC's maxBodySize (see http/trpc-request-guard.ts).
    if (error.code === "PAYLOAD_TOO_LARGE") return { ...shape, message: TOO_LARGE_MESSAGE, data: { ...shape.data, stack: undefined } };
    // zod's own message is its issues as JSON; people read the first issue as one sentence naming its field.
    if (error.cause instanceof ZodError) return { ...shape, message: sentenceOf(error.cause), data: { ...shape.data, stack: undefined } };
    return { ...shape, data: { ...shape.data, stack: undefined } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors thrown anywhere below become the tRPC error the table names. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  return result;
});

/**
 * Postgres cannot store U+0000 in text, so a NUL anywhere in an input would fail deep inside a
 * query (HTTP 500) or, worse, after a side effect such as a produced record. Refused up front.
 */
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  if (containsNul(await getRawInput())) throw new AppError("invalid-request", "Text may not contain NUL characters (U+0000).");
  return next();
});

export const publicProcedure = t.procedure.use(mapAppErrors).use(refuseNul);

/** Anyone signed in or holding a valid API key. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.authError !== null) throw ctx.authError;
  if (ctx.actor === null) throw new AppError("unauthenticated", "Sign in first.");
  const actor: Actor = ctx.actor;
  return next({ ctx: { actor } });
});

export interface OrgScope {
  readonly id: string;
  readonly role: MemberRole;
}

/**
 * The caller's organization, from the session's active organization or the API key's org, never
 * from input. Viewers read: every mutation at this layer or below is refused to them.
 */
export const orgProcedure = authedProcedure.use(async ({ ctx, type, next }) => {
  const org = await resolveOrg(ctx);
  if (type === "mutation" && org.role === "viewer") throw new AppError("read-only-role", "Viewers can look but not change anything.");
  const audit = (entry: Omit<AuditEntry, "orgId">) => recordAudit(ctx, { ...entry, orgId: org.id });
  return next({ ctx: { org, audit } });
});

/**
 * Readable without login (the Hub's public packages); a caller who presents a credential gets
 * their org's private rows too. A refused credential is refused, never silently ignored.
 */
export const optionalOrgProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.authError !== null) throw ctx.authError;
  const actor = ctx.actor;
  const viewerOrg =
    actor === null
      ? null
      : await resolveOrg({ ...ctx, actor }).catch((error: unknown) => {
          // Signed in without an org (or no longer in it): public rows only.
          if (error instanceof AppError && (error.kind === "no-active-organization" || error.kind === "not-a-member")) return null;
          throw error;
        });
  return next({ ctx: { viewerOrg } });
});

export const orgAdminProcedure = orgProcedure.use(({ ctx, next }) => {
  if (!roleAtLeast(ctx.org.role, "admin")) throw new AppError("role-required", "Only an organization's owners and admins can do this.");
  return next();
});

/** Only the organization's owner: API keys are at most admin, so this is always a person. */
export const orgOwnerProcedure = orgProcedure.use(({ ctx, next }) => {
  if (ctx.org.role !== "owner") throw new AppError("role-required", "Only the organization's owner can do this.");
  return next();
});

/** Freshet operators, signed in as themselves (never through an org's API key). */
export const staffProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.kind !== "session" || !ctx.actor.user.isStaff) throw new AppError("staff-only", "Only Freshet staff can do this.");
  return next();
});

async function resolveOrg(ctx: Context & { actor: Actor }): Promise<OrgScope> {
  if (ctx.actor.kind === "apiKey") return { id: ctx.actor.orgId, role: ctx.actor.role };
  const orgId = ctx.actor.activeOrganizationId;
  if (orgId === null) throw new AppError("no-active-organization", "Choose or create an organization first.");
  const member = await ctx.prisma.member.findFirst({ where: { organizationId: orgId, userId: ctx.actor.user.id } });
  if (member === null) throw new AppError("not-a-member", "You are no longer a member of this organization. Choose another one.");
  return { id: orgId, role: member.role };
}

/** Procedures that act for a person (switching orgs, accepting invitations) refuse API keys. */
export function requirePerson(actor: Actor): Extract<Actor, { kind: "session" }> {
  if (actor.kind !== "session") throw new AppError("person-required", "Sign in as a person to do this; API keys act only within their organization.");
  return actor;
}

/** Subscriptions fail while streaming, past the middleware: their domain errors are mapped here. */
export async function* mapStreamErrors<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  try {
    yield* source;
  } catch (error) {
    throw error instanceof AppError ? toTRPCError(error) : error;
  }
}

/** Iterative: a body may nest deeper than the call stack allows. */
function containsNul(input: unknown): boolean {
  const pending: unknown[] = [input];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (value.includes("\u0000")) return true;
    } else if (ArrayBuffer.isView(value)) {
      // Bytes (a SmartModule's .wasm) are not text and never reach Postgres; walking 12 MiB of them entry by entry took minutes.
      continue;
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes("\u0000")) return true;
        pending.push(item);
      }
    }
  }
  return false;
}
