import { z } from "zod";
import { newId } from "@freshet/db/ids";
import type { ApiKey } from "@freshet/db/client";
import { generateApiKey, standingOf } from "../auth/api-keys.js";
import type { MemberRole } from "@freshet/db/roles";
import { notFound } from "../errors.js";
import { HUB_PUBLISH_SCOPE } from "../hub/publish.js";
import { orgAdminProcedure, router } from "../trpc.js";
import { id, iso, isoDate, isoOrNull, memberRole } from "./schemas.js";

const keyRole = z.enum(["member", "admin"]);
/** Powers beyond the role a key can be given; only "hub:publish" (publishing to the Hub) today. */
const keyScope = z.enum([HUB_PUBLISH_SCOPE]);
const apiKeyOutput = z.object({
  id,
  name: z.string(),
  /** The secret's first characters ("fsk_" and four more), to tell keys apart. */
  prefix: z.string(),
  /** The role it was created with. */
  role: keyRole,
  scopes: z.array(keyScope),
  /** What it may do now: `role`, capped by its creator's current role; null when not active. */
  effectiveRole: memberRole.nullable(),
  /** "creator-removed": the person who created it left the organization, so it no longer works. */
  state: z.enum(["active", "revoked", "expired", "creator-removed"]),
  /** The creator's email; null once their account is deleted. */
  createdBy: z.string().nullable(),
  createdAt: isoDate,
  lastUsedAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
});

type ApiKeyRow = ApiKey & { createdBy: { email: string; members: Array<{ role: MemberRole }> } | null };
const toView = (k: ApiKeyRow, now: Date) => {
  const standing = standingOf(k, k.createdBy?.members[0]?.role ?? null, now);
  return {
    id: k.id,
    name: k.name,
    prefix: k.start,
    role: keyRole.parse(k.role),
    scopes: z.array(keyScope).parse(k.scopes),
    effectiveRole: standing.role,
    state: standing.state,
    createdBy: k.createdBy?.email ?? null,
    createdAt: iso(k.createdAt),
    lastUsedAt: isoOrNull(k.lastUsedAt),
    revokedAt: isoOrNull(k.revokedAt),
  };
};

/** A key with its creator and the creator's membership in the key's org (none when they left). */
const withStanding = (orgId: string) => ({ createdBy: { select: { email: true, members: { where: { organizationId: orgId }, select: { role: true } } } } }) as const;

/** Keys for the CLI and scripts: `Authorization: Bearer fsk_…`, acting in this org only. */
export const apiKeysRouter = router({
  list: orgAdminProcedure.output(z.array(apiKeyOutput)).query(async ({ ctx }) => {
    const keys = await ctx.prisma.apiKey.findMany({ where: { orgId: ctx.org.id }, include: withStanding(ctx.org.id), orderBy: { createdAt: "asc" } });
    const now = new Date();
    return keys.map((key) => toView(key, now));
  }),

  /** The secret is in this answer only; we keep its SHA-256. */
  create: orgAdminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(80), role: keyRole.default("member"), scopes: z.array(keyScope).max(10).default([]) }))
    .output(apiKeyOutput.extend({ secret: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { secret, hash, start } = generateApiKey();
      const key = await ctx.prisma.apiKey.create({
        data: { id: newId("apiKey"), orgId: ctx.org.id, name: input.name, start, hash, role: input.role, scopes: [...new Set(input.scopes)], createdById: ctx.actor.user.id },
        include: withStanding(ctx.org.id),
      });
      await ctx.audit({ action: "api-key.create", targetType: "api_key", targetId: key.id, metadata: { name: input.name, role: input.role, scopes: [...new Set(input.scopes)] } });
      return { ...toView(key, new Date()), secret };
    }),

  revoke: orgAdminProcedure
    .input(z.object({ apiKeyId: id }))
    .output(apiKeyOutput)
    .mutation(async ({ ctx, input }) => {
      const key = await ctx.prisma.apiKey.findFirst({ where: { id: input.apiKeyId, orgId: ctx.org.id }, include: withStanding(ctx.org.id) });
      if (key === null) throw notFound("API key");
      const revoked = key.revokedAt !== null ? key : await ctx.prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() }, include: withStanding(ctx.org.id) });
      await ctx.audit({ action: "api-key.revoke", targetType: "api_key", targetId: key.id, metadata: { name: key.name } });
      return toView(revoked, new Date());
    }),
});
