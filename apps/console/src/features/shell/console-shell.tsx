"use client";

import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { OrgSwitcher } from "../orgs/org-switcher";
import { PendingInvitations } from "../orgs/pending-invitations";
import { MainNav } from "./main-nav";
import { UserMenu } from "./user-menu";
import { useSessionGuard } from "./use-session-guard";

/** Header, navigation and the signed-in guard around every organization-scoped page. */
export function ConsoleShell({ children }: { children: ReactNode }) {
  const { me, redirecting } = useSessionGuard({ requireOrganization: true });

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only rounded-md bg-white px-3 py-2 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-3 px-4 py-3">
          <Logo />
          {me.data && !redirecting && (
            <>
              <OrgSwitcher organizations={me.data.organizations} activeOrganizationId={me.data.activeOrganizationId} />
              <MainNav />
              <div className="ml-auto">
                <UserMenu email={me.data.user.email} />
              </div>
            </>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {me.isPending || redirecting ? (
          <p className="text-sm text-slate-500" role="status">
            Loading…
          </p>
        ) : me.error ? (
          <Alert tone="error" title="Could not load your account">
            {errorMessage(me.error)}
          </Alert>
        ) : (
          <div className="space-y-6">
            <PendingInvitations invitations={me.data?.invitations ?? []} />
            <div>{children}</div>
          </div>
        )}
      </main>
    </div>
  );
}
