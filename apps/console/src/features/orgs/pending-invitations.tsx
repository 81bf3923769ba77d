"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";

type Invitation = RouterOutputs["me"]["get"]["invitations"][number];

/**
 * Invitations addressed to the signed-in person's (confirmed) email: on onboarding, where the
 * invitation mail links to, and above every page once signed in. Accepting joins the
 * organization and switches to it.
 */
export function PendingInvitations({ invitations }: { invitations: Invitation[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const setActive = useMutation(trpc.orgs.setActive.mutationOptions());
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async ({ organizationId }) => {
        await setActive.mutateAsync({ organizationId });
        await queryClient.invalidateQueries();
        router.push("/clusters");
      },
    }),
  );

  if (invitations.length === 0) return null;
  const failure = accept.error ?? setActive.error;
  return (
    <section aria-label="Invitations" className="space-y-2">
      {failure && <Alert tone="error">{errorMessage(failure)}</Alert>}
      <ul className="space-y-2">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-brand-50 px-4 py-3 text-sm ring-1 ring-brand-100">
            <span>
              You are invited to join <strong>{invitation.organizationName}</strong> as <span className="capitalize">{invitation.role}</span>.
            </span>
            <Button size="sm" busy={accept.isPending && accept.variables.invitationId === invitation.id} onClick={() => accept.mutate({ invitationId: invitation.id })}>
              Join {invitation.organizationName}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
