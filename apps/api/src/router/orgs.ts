import { z } from "zod";
import { newId } from "@freshet/db/ids";
import { recordAudit } from "../audit.js";
import { trialCreditRow } from "../billing/trial-credit.js";
import { AppError } from "../errors.js";
import { authedProcedure, orgAdminProcedure, orgOwnerProcedure, requirePerson, router } from "../trpc.js";
import { deleteOrganization } from "./org-deletion.js";
import { id } from "./schemas.js";

const orgName = z.string().trim().min(1).max(80);
const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "Use 1-48 lowercase letters, digits and dashes, not starting or ending with a dash.");

export const orgsRouter = router({
  create: authedProcedure
    .input(z.object({ name: orgName, slug }))
    .output(z.object({ id, name: z.string(), slug: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const actor = requirePerson(ctx.actor);
      if ((await ctx.prisma.organization.findUnique({ where: { slug: input.slug } })) !== null) {
        throw new AppError("already-exists", `The slug "${input.slug}" is taken. Choose another one.`);
      }
      const orgId = newId("organization");
      const now = new Date();
      await ctx.prisma.$transaction([
        ctx.prisma.organization.create({ data: { id: orgId, name: input.name, slug: input.slug, createdAt: now } }),
        ctx.prisma.member.create({ data: { id: newId("member"), organizationId: orgId, userId: actor.user.id, role: "owner", createdAt: now } }),
        ctx.prisma.creditGrant.create({ data: trialCreditRow(orgId, now, actor.user.id) }),
      ]);
      await recordAudit(ctx, { orgId, action: "org.create", targetType: "organization", targetId: orgId, metadata: { name: input.name, slug: input.slug } });
      return { id: orgId, name: input.name, slug: input.slug };
    }),

  /** The input names the org to switch to; what the caller may see is still checked against membership. */
  setActive: authedProcedure
    .input(z.object({ organizationId: id }))
    .output(z.object({ activeOrganizationId: id }))
    .mutation(async ({ ctx, input }) => {
      const actor = requirePerson(ctx.actor);
      const member = await ctx.prisma.member.findFirst({ where: { organizationId: input.organizationId, userId: actor.user.id } });
      if (member === null) throw new AppError("not-found", "No such organization among yours.");
      await ctx.prisma.session.update({ where: { id: actor.sessionId }, data: { activeOrganizationId: input.organizationId } });
      await recordAudit(ctx, { orgId: input.organizationId, action: "org.switch", targetType: "organization", targetId: input.organizationId });
      return { activeOrganizationId: input.organizationId };
    }),

  /** Renames the active organization (its slug stays). */
  update: orgAdminProcedure
    .input(z.object({ name: orgName }))
    .output(z.object({ id, name: z.string(), slug: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const before = await ctx.prisma.organization.findUniqueOrThrow({ where: { id: ctx.org.id } });
      const org = await ctx.prisma.organization.update({ where: { id: ctx.org.id }, data: { name: input.name } });
      await ctx.audit({ action: "org.update", targetType: "organization", targetId: org.id, metadata: { from: before.name, to: org.name } });
      return { id: org.id, name: org.name, slug: org.slug };
    }),

  /**
   * Deletes the active organization and every cluster in it (see org-deletion.ts). The input
   * repeats the organization's id, so a stale console tab cannot delete the org another tab switched to.
   */
  delete: orgOwnerProcedure
    .input(z.object({ organizationId: id }))
    .output(z.object({ id, clustersDeleting: z.array(id) }))
    .mutation(async ({ ctx, input }) => {
      if (input.organizationId !== ctx.org.id) throw new AppError("not-found", "No such organization among yours (switch to it first).");
      const org = await ctx.prisma.organization.findUniqueOrThrow({ where: { id: ctx.org.id } });
      const deletion = await deleteOrganization(ctx, org.id);
      await ctx.audit({
        action: "org.delete",
        targetType: "organization",
        targetId: org.id,
        metadata: { name: org.name, slug: org.slug, clusters: deletion.clusterIds, members: deletion.memberCount, revokedApiKeys: deletion.revokedApiKeyIds },
      });
      return { id: org.id, clustersDeleting: deletion.clusterIds };
    }),
});
