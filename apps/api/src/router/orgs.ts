import { z } from "zod";
import { newId } from "@freshet/db/ids";
import { recordAudit } from "../audit.js";
import { AppError } from "../errors.js";
import { authedProcedure, requirePerson, router } from "../trpc.js";
import { id } from "./schemas.js";

const slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "Use 1-48 lowercase letters, digits and dashes, not starting or ending with a dash.");

export const orgsRouter = router({
  create: authedProcedure
    .input(z.object({ name: z.string().trim().min(1).max(80), slug }))
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
});
