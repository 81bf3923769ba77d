"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { SecretOnce } from "@/components/ui/secret-once";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";

type CreatedKey = RouterOutputs["apiKeys"]["create"];

/** Why a key no longer works; "Creator left": the person who created it is no longer a member. */
const KEY_STATE_LABELS: Record<Exclude<RouterOutputs["apiKeys"]["list"][number]["state"], "active">, string> = {
  revoked: "Revoked",
  expired: "Expired",
  "creator-removed": "Creator left",
};

export function ApiKeysPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: invalidate }));
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: invalidate }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    create.mutate(
      { name: String(form.get("name")).trim(), role: form.get("role") === "admin" ? "admin" : "member", scopes: form.get("hubPublish") === "on" ? ["hub:publish"] : [] },
      {
        onSuccess: (key) => {
          setCreated(key);
          formElement.reset();
        },
      },
    );
  }

  return (
    <>
      <PageHeader title="API keys" description="Keys let the freshet CLI and scripts act for this organization: Authorization: Bearer fsk_…" />
      <div className="space-y-6">
        <Card title="New key">
          <div className="space-y-4">
            <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create API key">
              <div className="min-w-64 flex-1">
                <TextField label="Key name" name="name" required maxLength={64} placeholder="ci-deploy" />
              </div>
              <div className="w-40">
                <SelectField label="Role" name="role" defaultValue="member">
                  <option value="member">Member</option>
                  <option value="admin">Admin</option>
                </SelectField>
              </div>
              {/* Publishing needs a key that says so: a leaked deploy key cannot publish in the organization's name. */}
              <label className="inline-flex h-10 items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="hubPublish" className="size-4 rounded border-slate-300 text-brand-600" />
                Can publish to the Hub
              </label>
              <Button type="submit" busy={create.isPending}>
                Create key
              </Button>
            </form>
            {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
            {created && <SecretOnce title={`API key ${created.name} created`} secretLabel="Secret" secret={created.secret} onDismiss={() => setCreated(null)} />}
          </div>
        </Card>
        <Card title="Keys">
          {revoke.error && <Alert tone="error">{errorMessage(revoke.error)}</Alert>}
          <QueryTable query={keys} rows={keys.data} loading="Loading keys…" empty="No API keys yet." caption="API keys" columns={["Name", "Key", "Role", "Created by", "Created", "Last used"]} actions>
            {(key) => (
              <tr key={key.id}>
                <Td className="font-medium">{key.name}</Td>
                <Td className="font-mono text-xs">{key.prefix}…</Td>
                <Td className="capitalize">
                  {key.role}
                  {/* A key never does more than its creator's current role allows. */}
                  {key.effectiveRole !== null && key.effectiveRole !== key.role && <span className="text-xs normal-case text-slate-500"> (acts as {key.effectiveRole})</span>}
                  {key.scopes.includes("hub:publish") && <span className="block text-xs normal-case text-slate-500">can publish to the Hub</span>}
                </Td>
                <Td>{key.createdBy ?? "Deleted user"}</Td>
                <Td>
                  <Time value={key.createdAt} />
                </Td>
                <Td>{key.lastUsedAt ? <Time value={key.lastUsedAt} /> : "Never"}</Td>
                <Td className="text-right">
                  {key.state !== "active" ? (
                    <span className="text-xs text-slate-500">{KEY_STATE_LABELS[key.state]}</span>
                  ) : (
                    <ConfirmButton
                      label="Revoke"
                      confirmLabel={`Revoke ${key.name}`}
                      busy={revoke.isPending && revoke.variables.apiKeyId === key.id}
                      onConfirm={() => revoke.mutate({ apiKeyId: key.id })}
                    />
                  )}
                </Td>
              </tr>
            )}
          </QueryTable>
        </Card>
      </div>
    </>
  );
}
