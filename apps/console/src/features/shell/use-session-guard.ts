"use client";

import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { errorCode } from "@/lib/error-message";
import { signInReturningTo } from "@/lib/return-path";
import { useTRPC } from "@/lib/trpc";

/**
 * The signed-in person and their organizations. Without a session it sends the browser to
 * sign-in, which comes back here afterwards; with `requireOrganization`, a person who belongs to no organization yet goes to
 * onboarding, since every console page is scoped to one.
 */
export function useSessionGuard({ requireOrganization }: { requireOrganization: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const me = useQuery(trpc.me.get.queryOptions());
  const signedOut = errorCode(me.error) === "UNAUTHORIZED";
  const needsOrganization = requireOrganization && me.data !== undefined && me.data.organizations.length === 0;

  useEffect(() => {
    if (signedOut) router.replace(signInReturningTo(window.location) as Route);
    else if (needsOrganization) router.replace("/onboarding");
  }, [signedOut, needsOrganization, router]);

  return { me, redirecting: signedOut || needsOrganization };
}
