import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, memberAc, ownerAc } from "better-auth/plugins/organization/access";

export const MEMBER_ROLES = ["owner", "admin", "member", "viewer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Roles a person can be invited as or moved to: ownership is not handed out through invitations. */
export const ASSIGNABLE_ROLES = ["admin", "member", "viewer"] as const;

// Ordered by what a role may do; every role can do all that the ones before it can.
const RANK: Record<MemberRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: MemberRole, needed: MemberRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** The role with fewer powers of the two: what a key may do when its creator's role shrank. */
export function lesserRole(a: MemberRole, b: MemberRole): MemberRole {
  return RANK[a] <= RANK[b] ? a : b;
}

/**
 * better-auth's organization plugin with our four roles, so its own /api/auth/organization/*
 * endpoints enforce the same rules as the tRPC layers: viewer is a member with no permissions.
 */
export const accessControl = createAccessControl(defaultStatements);
export const organizationRoles = {
  owner: accessControl.newRole(ownerAc.statements),
  admin: accessControl.newRole(adminAc.statements),
  member: accessControl.newRole(memberAc.statements),
  viewer: accessControl.newRole({}),
};
