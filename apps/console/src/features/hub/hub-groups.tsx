"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";

/** The groups this organization publishes under (`group/name`); a group belongs to one organization for good. */
export function HubGroups() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.hub.groups.list.queryOptions());
  const [name, setName] = useState("");
  const claim = useMutation(
    trpc.hub.groups.claim.mutationOptions({
      onSuccess: async () => {
        setName("");
        await queryClient.invalidateQueries({ queryKey: trpc.hub.groups.list.queryKey() });
      },
    }),
  );
  const { canAdminister } = usePermissions();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    claim.mutate({ name: name.trim() });
  }

  return (
    <Card title="Groups" description="Every package is named group/name. A group is claimed once, by one organization.">
      <div className="space-y-4">
        <QueryTable query={groups} rows={groups.data} loading="Loading groups…" empty="No groups yet." caption="Hub groups" columns={["Group", "Claimed"]}>
          {(group) => (
            <tr key={group.name}>
              <Td className="font-mono font-medium">{group.name}</Td>
              <Td>
                <Time value={group.createdAt} />
              </Td>
            </tr>
          )}
        </QueryTable>
        {canAdminister && (
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Claim a group">
            <div className="min-w-64 flex-1">
              <TextField label="Group name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={39} placeholder="acme" autoComplete="off" />
            </div>
            <Button type="submit" busy={claim.isPending}>
              Claim group
            </Button>
          </form>
        )}
        {claim.error && <Alert tone="error">{errorMessage(claim.error)}</Alert>}
      </div>
    </Card>
  );
}
