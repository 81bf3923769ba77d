/** Organization roles, least to most privileged; viewers read, members also change clusters, admins manage people and keys. */
export const ROLES = ["viewer", "member", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

/** Roles an admin may hand out; ownership is not given away from the members page. */
export const ASSIGNABLE_ROLES = ["viewer", "member", "admin"] as const satisfies readonly Role[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
