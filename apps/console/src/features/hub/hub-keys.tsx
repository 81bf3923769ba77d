"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";

/**
 * The organization's Ed25519 signing keys: the Hub accepts a publish only when its signature
 * verifies against one of them. Revoking a key stops new publishes signed with it.
 */
export function HubKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.hub.keys.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.hub.keys.list.queryKey() });
  const register = useMutation(trpc.hub.keys.register.mutationOptions({ onSuccess: invalidate }));
  const revoke = useMutation(trpc.hub.keys.revoke.mutationOptions({ onSuccess: invalidate }));
  const { canAdminister } = usePermissions();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    register.mutate({ name: String(form.get("name")).trim(), publicKeyPem: String(form.get("publicKeyPem")).trim() }, { onSuccess: () => formElement.reset() });
  }

  return (
    <Card title="Signing keys" description="freshet hub keygen makes a key and registers its public half here.">
      <div className="space-y-4">
        {revoke.error && <Alert tone="error">{errorMessage(revoke.error)}</Alert>}
        <QueryTable
          query={keys}
          rows={keys.data}
          loading="Loading keys…"
          empty="No signing keys yet."
          caption="Hub signing keys"
          columns={["Name", "Key id", "Registered", "State"]}
          actions={canAdminister}
        >
          {(key) => (
            <tr key={key.keyId} aria-label={`Key ${key.name}`}>
              <Td className="font-medium">{key.name}</Td>
              <Td className="font-mono text-xs">{key.keyId}</Td>
              <Td>
                <Time value={key.createdAt} />
              </Td>
              <Td>
                {key.revokedAt === null ? (
                  "Active"
                ) : (
                  <span className="text-slate-500">
                    Revoked <Time value={key.revokedAt} />
                  </span>
                )}
              </Td>
              {canAdminister && (
                <Td className="text-right">
                  {key.revokedAt === null && (
                    <ConfirmButton
                      label="Revoke"
                      confirmLabel={`Revoke ${key.name}`}
                      busy={revoke.isPending && revoke.variables.keyId === key.keyId}
                      onConfirm={() => revoke.mutate({ keyId: key.keyId })}
                    />
                  )}
                </Td>
              )}
            </tr>
          )}
        </QueryTable>
        {canAdminister && (
          <details className="rounded-md ring-1 ring-slate-200">
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">Register a public key by hand</summary>
            <form onSubmit={submit} className="space-y-3 px-3 pb-3" aria-label="Register a signing key">
              <TextField label="Key name" name="name" required maxLength={64} placeholder="release laptop" autoComplete="off" />
              <TextAreaField label="Public key (PEM)" name="publicKeyPem" required rows={4} placeholder={"-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----"} />
              {register.error && <Alert tone="error">{errorMessage(register.error)}</Alert>}
              <Button type="submit" busy={register.isPending}>
                Register key
              </Button>
            </form>
          </details>
        )}
      </div>
    </Card>
  );
}
