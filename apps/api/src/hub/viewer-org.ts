import type { Context } from "../context.js";

/**
 * The org whose private packages this caller sees: an API key's org, or the signed-in person's
 * active org while they are a member of it; null for anyone else.
 */
export async function viewerOrgOf(ctx: Pick<Context, "actor" | "prisma">): Promise<string | null> {
  const actor = ctx.actor;
  if (actor === null) return null;
  if (actor.kind === "apiKey") return actor.orgId;
  if (actor.activeOrganizationId === null) return null;
  const member = await ctx.prisma.member.findFirst({ where: { organizationId: actor.activeOrganizationId, userId: actor.user.id }, select: { id: true } });
  return member === null ? null : actor.activeOrganizationId;
}
