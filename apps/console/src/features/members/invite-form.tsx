"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { ASSIGNABLE_ROLES, type AssignableRole } from "@freshet/db/roles";

export function InviteForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invite = useMutation(trpc.members.invite.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() }) }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    invite.mutate({ email: String(form.get("email")).trim(), role: String(form.get("role")) as AssignableRole }, { onSuccess: () => formElement.reset() });
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Invite a member">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <TextField label="Email" name="email" type="email" required />
        </div>
        <div className="w-40">
          <SelectField label="Role" name="role" defaultValue="member">
            {ASSIGNABLE_ROLES.map((role) => (
              <option key={role} value={role} className="capitalize">
                {role}
              </option>
            ))}
          </SelectField>
        </div>
        <Button type="submit" busy={invite.isPending}>
          Send invitation
        </Button>
      </div>
      {invite.error && <Alert tone="error">{errorMessage(invite.error)}</Alert>}
      {invite.isSuccess && <Alert tone="success">Invitation sent to {invite.variables.email}. They accept it signed in with that address, once they have confirmed it.</Alert>}
    </form>
  );
}
