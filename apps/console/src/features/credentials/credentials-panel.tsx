"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { TextField } from "@/components/ui/field";
import { SecretOnce } from "@/components/ui/secret-once";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { PASSWORD_VARIABLE } from "../clusters/connect-snippets";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { ConnectSnippets } from "./connect-snippets-card";

type CreatedCredential = RouterOutputs["credentials"]["create"];

/** A shell line that puts the password where every snippet reads it; single quotes keep it literal. */
function exportLine(password: string): string {
  return `export ${PASSWORD_VARIABLE}='${password.replaceAll("'", "'\\''")}'`;
}

export function CredentialsPanel({ clusterId, bootstrap, caPem }: { clusterId: string; bootstrap: string; caPem: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const credentials = useQuery(trpc.credentials.list.queryOptions({ clusterId }));
  const [created, setCreated] = useState<CreatedCredential | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.credentials.list.queryKey({ clusterId }) });
  const create = useMutation(trpc.credentials.create.mutationOptions({ onSuccess: invalidate }));
  const revoke = useMutation(trpc.credentials.revoke.mutationOptions({ onSuccess: invalidate }));
  const { canChange } = usePermissions();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get("name")).trim();
    create.mutate(
      { clusterId, name },
      {
        onSuccess: (credential) => {
          setCreated(credential);
          formElement.reset();
        },
      },
    );
  }

  const active = credentials.data?.filter((credential) => credential.revokedAt === null) ?? [];
  const snippetUser = created?.username ?? active[0]?.username;

  return (
    <>
      <Card title="Credentials" description="SASL users for this cluster. Passwords are shown once, when created.">
        <div className="space-y-4">
          {canChange ? (
            <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create credential">
              <div className="min-w-64 flex-1">
                <TextField label="Credential name" name="name" required maxLength={64} placeholder="laptop" />
              </div>
              <Button type="submit" busy={create.isPending}>
                Create credential
              </Button>
            </form>
          ) : (
            <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>
          )}
          {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
          {created && (
            <SecretOnce title={`Credential ${created.username} created`} secretLabel="Password" secret={created.password} onDismiss={() => setCreated(null)}>
              <p className="text-xs text-amber-900">
                Username{" "}
                <code className="font-mono" data-testid="credential-username">
                  {created.username}
                </code>
                . Put the password in your shell for the snippets below:
              </p>
              <code className="block rounded bg-white px-2 py-1 font-mono text-xs break-all ring-1 ring-amber-200">{exportLine(created.password)}</code>
            </SecretOnce>
          )}
          <QueryTable query={credentials} rows={credentials.data && active} empty="No credentials yet." caption="Active credentials" columns={["Name", "Username", "Created by", "Created"]} actions>
            {(credential) => (
              <tr key={credential.id}>
                <Td>{credential.name}</Td>
                <Td className="font-mono text-xs">{credential.username}</Td>
                {/* Credentials outlive their creator's membership: this says whose they were. */}
                <Td>{credential.createdBy ?? "Unknown"}</Td>
                <Td>
                  <Time value={credential.createdAt} />
                </Td>
                <Td className="text-right">
                  {canChange && (
                    <ConfirmButton
                      label="Revoke"
                      confirmLabel={`Revoke ${credential.name}`}
                      busy={revoke.isPending && revoke.variables.credentialId === credential.id}
                      onConfirm={() => revoke.mutate({ credentialId: credential.id })}
                    />
                  )}
                </Td>
              </tr>
            )}
          </QueryTable>
          {revoke.error && <Alert tone="error">{errorMessage(revoke.error)}</Alert>}
        </div>
      </Card>
      {snippetUser && <ConnectSnippets clusterId={clusterId} bootstrap={bootstrap} username={snippetUser} caPem={caPem} />}
    </>
  );
}
