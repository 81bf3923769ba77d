import { z } from "zod";
import type { PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { AppError, notFound } from "../errors.js";
import { invitationMail } from "../mail/messages.js";
import { orgAdminProcedure, orgProcedure, router } from "../trpc.js";
import { assignableRole, id, iso, isoDate, memberRole } from "./schemas.js";

/** How long an invitation can be accepted. */
const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const memberOutput = z.object({
  id,
  role: memberRole,
  createdAt: isoDate,
  user: z.object({ id, name: z.string(), email: z.string() }),
});

async function memberInOrg(ctx: { prisma: PrismaClient; org: { id: string } }, memberId: string) {
  const member = await ctx.prisma.member.findFirst({ where: { id: memberId, organizationId: ctx.org.id }, include: { user: true } });
  if (member === null) throw notFound("member");
  if (member.role === "owner") throw new AppError("invalid-request", "The organization's owner cannot be changed or removed.");
  return member;
}

export const membersRouter = router({
  list: orgProcedure.output(z.array(memberOutput)).query(async ({ ctx }) => {
    const members = await ctx.prisma.member.findMany({ where: { organizationId: ctx.org.id }, include: { user: true }, orderBy: { createdAt: "asc" } });
    return members.map((m) => ({ id: m.id, role: m.role, createdAt: iso(m.createdAt), user: { id: m.user.id, name: m.user.name, email: m.user.email } }));
  }),

  invite: orgAdminProcedure
    .input(z.object({ email: z.email().max(254), role: assignableRole }))
    .output(z.object({ id, email: z.string(), role: memberRole, expiresAt: isoDate }))
    .mutation(async ({ ctx, input }) => {
      const email = input.email.toLowerCase();
      const existing = await ctx.prisma.member.findFirst({ where: { organizationId: ctx.org.id, user: { email } } });
      if (existing !== null) throw new AppError("already-exists", `${email} is already a member.`);
      const pending = await ctx.prisma.invitation.findFirst({ where: { organizationId: ctx.org.id, email, status: "pending", expiresAt: { gt: new Date() } } });
      if (pending !== null) throw new AppError("already-exists", `${email} already has a pending invitation.`);
      const invitation = await ctx.prisma.invitation.create({
        data: { id: newId("invitation"), organizationId: ctx.org.id, email, role: input.role, expiresAt: new Date(Date.now() + INVITATION_TTL_MS), inviterId: ctx.actor.user.id },
      });
      const organization = await ctx.prisma.organization.findUniqueOrThrow({ where: { id: ctx.org.id } });
      try {
        await ctx.mailer.send(invitationMail({ to: email, organizationName: organization.name, inviterName: ctx.actor.user.name, role: input.role, consoleOrigin: ctx.consoleOrigin }));
      } catch (cause) {
        // An invitation nobody was told about would only block inviting the address again.
        await ctx.prisma.invitation.delete({ where: { id: invitation.id } });
        throw new AppError("mail-failed", `The invitation mail to ${email} could not be sent; try again later.`, { cause });
      }
      await ctx.audit({ action: "member.invite", targetType: "invitation", targetId: invitation.id, metadata: { email, role: input.role } });
      return { id: invitation.id, email, role: input.role, expiresAt: iso(invitation.expiresAt) };
    }),

  updateRole: orgAdminProcedure
    .input(z.object({ memberId: id, role: assignableRole }))
    .output(memberOutput)
    .mutation(async ({ ctx, input }) => {
      const member = await memberInOrg(ctx, input.memberId);
      await ctx.prisma.member.update({ where: { id: member.id }, data: { role: input.role } });
      await ctx.audit({ action: "member.update-role", targetType: "member", targetId: member.id, metadata: { from: member.role, to: input.role } });
      return { id: member.id, role: input.role, createdAt: iso(member.createdAt), user: { id: member.user.id, name: member.user.name, email: member.user.email } };
    }),

  remove: orgAdminProcedure
    .input(z.object({ memberId: id }))
    .output(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const member = await memberInOrg(ctx, input.memberId);
      // Their API keys stop with their membership (context.ts checks it on every request); revoking
      // them too keeps them stopped if the person is ever invited back. Cluster credentials they
      // minted belong to the org's clusters and stay: the audit row names them for the admins.
      const [, revokedKeys] = await ctx.prisma.$transaction([
        ctx.prisma.member.delete({ where: { id: member.id } }),
        ctx.prisma.apiKey.updateManyAndReturn({ where: { orgId: ctx.org.id, createdById: member.userId, revokedAt: null }, data: { revokedAt: new Date() }, select: { id: true } }),
      ]);
      const keptCredentials = await ctx.prisma.clusterCredential.findMany({
        where: { createdById: member.userId, revokedAt: null, cluster: { orgId: ctx.org.id, status: { not: "Deleted" } } },
        select: { id: true },
      });
      await ctx.audit({
        action: "member.remove",
        targetType: "member",
        targetId: member.id,
        metadata: { email: member.user.email, revokedApiKeys: revokedKeys.map((k) => k.id), keptClusterCredentials: keptCredentials.map((c) => c.id) },
      });
      return { id: member.id };
    }),
});
