"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

type Organization = { id: string; name: string };

/** Switches the session's active organization; every org-scoped query is refetched for the new one. */
export function OrgSwitcher({ organizations, activeOrganizationId }: { organizations: Organization[]; activeOrganizationId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const id = useId();
  const setActive = useMutation(
    trpc.orgs.setActive.mutationOptions({
      onSuccess: async () => {
        router.push("/clusters");
        await queryClient.invalidateQueries();
      },
    }),
  );

  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Organization
      </label>
      <select
        id={id}
        value={activeOrganizationId ?? ""}
        disabled={setActive.isPending}
        onChange={(event) => setActive.mutate({ organizationId: event.target.value })}
        className="max-w-44 truncate rounded-md border-0 bg-white py-1.5 pr-8 pl-2 text-sm font-medium ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600"
      >
        {activeOrganizationId === null && <option value="">Choose…</option>}
        {organizations.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
      <Link href="/onboarding" className="rounded-md px-1 text-xs font-medium text-brand-700 hover:underline">
        New
      </Link>
      {setActive.error && (
        <span role="alert" className="text-xs text-red-600">
          {errorMessage(setActive.error)}
        </span>
      )}
    </div>
  );
}
