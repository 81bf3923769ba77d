"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";

/** The signed-in person's role in the active organization (the API enforces it; the console only hides what would be refused). */
export function useActiveRole(): string | undefined {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  return me.data?.organizations.find((org) => org.id === me.data.activeOrganizationId)?.role;
}
