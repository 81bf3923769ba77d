import { z } from "zod";
import { newId } from "@freshet/db/ids";
import { generateApiKey } from "../auth/api-keys.js";
import { notFound } from "../errors.js";
import { orgAdminProcedure, router } from "../trpc.js";
import { id, iso, isoDate, isoOrNull } from "./schemas.js";

const keyRole = z.enum(["member", "admin"]);
const apiKeyOutput = z.object({
  id,
  name: z.string(),
  /** The secret's first characters ("fsk_" and four more), to tell keys apart. */
  prefix: z.string(),
  role: keyRole,
  createdAt: isoDate,
  lastUsedAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
});

type ApiKeyRow = { id: string; name: string; start: string; role: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
const toView = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.start,
  role: keyRole.parse(k.role),
  createdAt: iso(k.createdAt),
  lastUsedAt: isoOrNull(k.lastUsedAt),
  revokedAt: isoOrNull(k.revokedAt),
});

/** Keys for the CLI and scripts: `Authorization: Bearer fsk_…`, acting in this org only. */
export const apiKeysRouter = router({
  list: orgAdminProcedure.output(z.array(apiKeyOutput)).query(async ({ ctx }) => {
    const keys = await ctx.prisma.apiKey.findMany({ where: { orgId: ctx.org.id }, orderBy: { createdAt: "asc" } });
    return keys.map(toView);
  }),

  /** The secret is in this answer only; we keep its SHA-256. */
  create: orgAdminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(80), role: keyRole.default("member") }))
    .output(apiKeyOutput.extend({ secret: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { secret, hash, start } = generateApiKey();
      const key = await ctx.prisma.apiKey.create({
        data: { id: newId("apiKey"), orgId: ctx.org.id, name: input.name, start, hash, role: input.role, createdById: ctx.actor.user.id },
      });
      await ctx.audit({ action: "api-key.create", targetType: "api_key", targetId: key.id, metadata: { name: input.name, role: input.role } });
      return { ...toView(key), secret };
    }),

  revoke: orgAdminProcedure
    .input(z.object({ apiKeyId: id }))
    .output(apiKeyOutput)
    .mutation(async ({ ctx, input }) => {
      const key = await ctx.prisma.apiKey.findFirst({ where: { id: input.apiKeyId, orgId: ctx.org.id } });
      if (key === null) throw notFound("API key");
      const revoked = key.revokedAt !== null ? key : await ctx.prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
      await ctx.audit({ action: "api-key.revoke", targetType: "api_key", targetId: key.id, metadata: { name: key.name } });
      return toView(revoked);
    }),
});
