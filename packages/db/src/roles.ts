/**
 * Organization roles, least to most privileged; each may do all that the ones before it may:
 * viewers read, members also change clusters, topics and credentials, admins also manage
 * people and API keys, the owner also the organization itself. The schema's MemberRole enum
 * stores the same four (roles.test.ts keeps them equal). No Prisma import: the console's
 * browser code reads this module too.
 */
export const MEMBER_ROLES = ["viewer", "member", "admin", "owner"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Roles a person can be invited as or moved to: ownership is not handed out. */
export const ASSIGNABLE_ROLES = ["viewer", "member", "admin"] as const satisfies readonly MemberRole[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export function roleAtLeast(role: MemberRole, needed: MemberRole): boolean {
  return MEMBER_ROLES.indexOf(role) >= MEMBER_ROLES.indexOf(needed);
}

/** The role with fewer powers of the two: what a key may do when its creator's role shrank. */
export function lesserRole(a: MemberRole, b: MemberRole): MemberRole {
  return roleAtLeast(b, a) ? a : b;
}
