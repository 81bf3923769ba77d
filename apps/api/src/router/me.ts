import { z } from "zod";
import { authedProcedure, router } from "../trpc.js";
import { id, isoDate, iso, memberRole } from "./schemas.js";

const meOutput = z.object({
  user: z.object({ id, name: z.string(), email: z.string(), emailVerified: z.boolean(), isStaff: z.boolean() }),
  organizations: z.array(z.object({ id, name: z.string(), slug: z.string(), role: memberRole })),
  activeOrganizationId: id.nullable(),
  /** Pending invitations addressed to this person's email, once it is verified: accept with invitations.accept. */
  invitations: z.array(z.object({ id, organizationName: z.string(), role: memberRole, expiresAt: isoDate })),
  /** Set when the caller is an API key: it acts only within its own organization. */
  apiKey: z.object({ id }).nullable(),
});

export const meRouter = router({
  get: authedProcedure.output(meOutput).query(async ({ ctx }) => {
    const { actor, prisma } = ctx;
    const memberships = await prisma.member.findMany({
      where: { userId: actor.user.id, ...(actor.kind === "apiKey" ? { organizationId: actor.orgId } : {}) },
      include: { organization: true },
      orderBy: { createdAt: "asc" },
    });
    const organizations = memberships.map((m) => ({
      id: m.organization.id,
      name: m.organization.name,
      slug: m.organization.slug,
      role: actor.kind === "apiKey" ? actor.role : m.role,
    }));
    const invitations =
      actor.kind === "apiKey" || !actor.user.emailVerified
        ? []
        : await prisma.invitation.findMany({
            where: { email: actor.user.email.toLowerCase(), status: "pending", expiresAt: { gt: new Date() } },
            include: { organization: true },
            orderBy: { createdAt: "asc" },
          });
    return {
      user: actor.user,
      organizations,
      activeOrganizationId: actor.kind === "apiKey" ? actor.orgId : actor.activeOrganizationId,
      invitations: invitations.map((i) => ({ id: i.id, organizationName: i.organization.name, role: i.role ?? "member", expiresAt: iso(i.expiresAt) })),
      apiKey: actor.kind === "apiKey" ? { id: actor.apiKeyId } : null,
    };
  }),
});
