"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { PageHeader } from "@/components/ui/page-header";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";
import { InviteForm } from "./invite-form";
import { ASSIGNABLE_ROLES, type AssignableRole } from "@freshet/db/roles";

export function MembersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const admin = usePermissions().canAdminister;
  const members = useQuery(trpc.members.list.queryOptions());
  const invitations = useQuery(trpc.invitations.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const updateRole = useMutation(trpc.members.updateRole.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: invalidate }));

  return (
    <>
      <PageHeader title="Members" description="People in this organization and what they may do." />
      <div className="space-y-6">
        {admin && (
          <Card title="Invite">
            <InviteForm />
          </Card>
        )}
        <Card title="Members">
          {(updateRole.error ?? remove.error) && <Alert tone="error">{errorMessage(updateRole.error ?? remove.error)}</Alert>}
          <QueryTable query={members} rows={members.data} loading="Loading members…" caption="Members" columns={["Name", "Email", "Role", "Joined"]} actions={admin}>
            {(member) => (
              <tr key={member.id}>
                <Td className="font-medium">{member.user.name}</Td>
                <Td>{member.user.email}</Td>
                <Td>
                  {admin && member.role !== "owner" ? (
                    <select
                      aria-label={`Role of ${member.user.email}`}
                      value={member.role}
                      disabled={updateRole.isPending}
                      onChange={(event) => updateRole.mutate({ memberId: member.id, role: event.target.value as AssignableRole })}
                      className="rounded-md border-0 py-1 pr-8 pl-2 text-sm capitalize ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600"
                    >
                      {ASSIGNABLE_ROLES.map((candidate) => (
                        <option key={candidate} value={candidate}>
                          {candidate}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="capitalize">{member.role}</span>
                  )}
                </Td>
                <Td>
                  <Time value={member.createdAt} />
                </Td>
                {admin && (
                  <Td className="text-right">
                    {member.role !== "owner" && (
                      <ConfirmButton
                        label="Remove"
                        confirmLabel={`Remove ${member.user.email}`}
                        busy={remove.isPending && remove.variables.memberId === member.id}
                        onConfirm={() => remove.mutate({ memberId: member.id })}
                      />
                    )}
                  </Td>
                )}
              </tr>
            )}
          </QueryTable>
        </Card>
        <Card title="Pending invitations">
          <QueryTable query={invitations} rows={invitations.data} empty="No pending invitations." caption="Pending invitations" columns={["Email", "Role", "Expires"]}>
            {(invitation) => (
              <tr key={invitation.id}>
                <Td>{invitation.email}</Td>
                <Td className="capitalize">{invitation.role}</Td>
                <Td>
                  <Time value={invitation.expiresAt} />
                </Td>
              </tr>
            )}
          </QueryTable>
        </Card>
      </div>
    </>
  );
}
