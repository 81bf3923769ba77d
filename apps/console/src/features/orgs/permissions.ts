"use client";

import { useQuery } from "@tanstack/react-query";
import { roleAtLeast, type MemberRole } from "@freshet/db/roles";
import { useTRPC } from "@/lib/trpc";

/**
 * What the signed-in person may do in the active organization, mirroring the API's layers:
 * viewers only read, members also change clusters, topics and credentials, admins and owners
 * also manage people, API keys and deleting clusters. The API enforces it; the console only
 * hides what would be refused.
 */
export interface Permissions {
  readonly role: MemberRole | undefined;
  readonly canChange: boolean;
  readonly canAdminister: boolean;
}

function permissionsOf(role: MemberRole | undefined): Permissions {
  if (role === undefined) return { role, canChange: false, canAdminister: false };
  return { role, canChange: roleAtLeast(role, "member"), canAdminister: roleAtLeast(role, "admin") };
}

export function usePermissions(): Permissions {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  return permissionsOf(me.data?.organizations.find((org) => org.id === me.data.activeOrganizationId)?.role);
}

/** Shown where a form would be, so a viewer knows why it is missing. */
export const READ_ONLY_NOTE = "Your role in this organization is viewer: you can look but not change anything. An admin can give you the member role.";
