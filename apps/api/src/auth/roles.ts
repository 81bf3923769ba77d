import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, memberAc, ownerAc } from "better-auth/plugins/organization/access";
import type { MemberRole } from "@freshet/db/roles";

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
} satisfies Record<MemberRole, unknown>;
