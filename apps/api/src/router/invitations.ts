import { z } from "zod";
import { newId } from "@freshet/db/ids";
import { recordAudit } from "../audit.js";
import { AppError } from "../errors.js";
import { authedProcedure, orgProcedure, requirePerson, router } from "../trpc.js";
import { id, iso, isoDate, memberRole } from "./schemas.js";

export const invitationsRouter = router({
  /** The active organization's invitations still waiting for an answer. */
  list: orgProcedure.output(z.array(z.object({ id, email: z.string(), role: memberRole, expiresAt: isoDate, createdAt: isoDate }))).query(async ({ ctx }) => {
    const invitations = await ctx.prisma.invitation.findMany({
      where: { organizationId: ctx.org.id, status: "pending", expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "asc" },
    });
    return invitations.map((i) => ({ id: i.id, email: i.email, role: i.role ?? "member", expiresAt: iso(i.expiresAt), createdAt: iso(i.createdAt) }));
  }),

  /**
   * Only the person the invitation was sent to can accept it, and only once they proved the address
   * is theirs (the link mailed at sign-up); anyone else gets NOT_FOUND.
   */
  accept: authedProcedure
    .input(z.object({ invitationId: id }))
    .output(z.object({ organizationId: id, role: memberRole }))
    .mutation(async ({ ctx, input }) => {
      const actor = requirePerson(ctx.actor);
      if (!actor.user.emailVerified) {
        throw new AppError("email-not-verified", "Confirm your email address first: sign out and sign in again to get a new link.");
      }
      const invitation = await ctx.prisma.invitation.findFirst({
        where: { id: input.invitationId, email: actor.user.email.toLowerCase(), status: "pending", expiresAt: { gt: new Date() } },
      });
      if (invitation === null) throw new AppError("not-found", "No such invitation for you (it may have expired or been answered).");
      const role = invitation.role ?? "member";
      const alreadyMember = await ctx.prisma.member.findFirst({ where: { organizationId: invitation.organizationId, userId: actor.user.id } });
      await ctx.prisma.$transaction([
        ctx.prisma.invitation.update({ where: { id: invitation.id }, data: { status: "accepted" } }),
        ...(alreadyMember === null ? [ctx.prisma.member.create({ data: { id: newId("member"), organizationId: invitation.organizationId, userId: actor.user.id, role, createdAt: new Date() } })] : []),
      ]);
      await recordAudit(ctx, { orgId: invitation.organizationId, action: "invitation.accept", targetType: "invitation", targetId: invitation.id, metadata: { role } });
      return { organizationId: invitation.organizationId, role: alreadyMember?.role ?? role };
    }),
});
