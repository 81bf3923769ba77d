"use client";

import { Logo } from "@/components/logo";
import { useSessionGuard } from "../shell/use-session-guard";
import { CreateOrgForm } from "./create-org-form";
import { PendingInvitations } from "./pending-invitations";

/** First stop after sign-up (and "New" in the switcher): everything in the console belongs to an organization. */
export function Onboarding() {
  const { me, redirecting } = useSessionGuard({ requireOrganization: false });
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      {me.data && !redirecting && me.data.invitations.length > 0 && (
        <div className="mb-4 w-full max-w-sm">
          <PendingInvitations invitations={me.data.invitations} />
        </div>
      )}
      <div className="w-full max-w-sm space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold">Create an organization</h1>
        <p className="text-sm text-slate-500">Clusters, members and API keys belong to an organization. You can create more later.</p>
        {me.data && !redirecting ? (
          <CreateOrgForm />
        ) : (
          <p role="status" className="text-sm text-slate-500">
            Loading…
          </p>
        )}
      </div>
    </main>
  );
}
