"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SecretOnce } from "@/components/ui/secret-once";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";

const SIGNATURE_NOTE = 'Each POST carries X-Freshet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>, and X-Freshet-Delivery, the same on every retry.';

/** The org's webhook: every alert firing and clearing is POSTed there, signed. Only admins change it. */
export function AlertWebhookSetting() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canAdminister } = usePermissions();
  const webhook = useQuery(trpc.alerts.webhook.get.queryOptions());
  const [secret, setSecret] = useState<string | null>(null);
  const set = useMutation(
    trpc.alerts.webhook.set.mutationOptions({
      onSuccess: (answer) => {
        setSecret(answer.secret);
        return queryClient.invalidateQueries({ queryKey: trpc.alerts.webhook.get.queryKey() });
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const url = String(new FormData(event.currentTarget).get("url") ?? "").trim();
    set.mutate({ url: url === "" ? null : url });
  }

  return (
    <Card title="Webhook" description={SIGNATURE_NOTE}>
      <div className="space-y-4">
        {webhook.data === null && <p className="text-sm text-slate-500">No webhook: alerts show here and in the audit log only.</p>}
        {webhook.data && (
          <p className="text-sm text-slate-700">
            Posting to <span className="font-mono">{webhook.data.url}</span>; secret created <Time value={webhook.data.secretCreatedAt} />.
          </p>
        )}
        {canAdminister ? (
          <form onSubmit={submit} aria-label="Alert webhook" className="flex flex-wrap items-end gap-3">
            <div className="min-w-80 flex-1">
              <TextField
                key={webhook.data?.url ?? "none"}
                label="Webhook URL"
                name="url"
                type="url"
                maxLength={2048}
                defaultValue={webhook.data?.url ?? ""}
                placeholder="https://example.com/hooks/freshet"
                hint="Empty removes the webhook."
              />
            </div>
            <Button type="submit" busy={set.isPending && !set.variables.rotateSecret}>
              Save webhook
            </Button>
            {webhook.data && (
              <Button variant="secondary" busy={set.isPending && set.variables.rotateSecret === true} onClick={() => set.mutate({ url: webhook.data!.url, rotateSecret: true })}>
                New secret
              </Button>
            )}
          </form>
        ) : (
          <p className="text-sm text-slate-500">Only the organization&apos;s owners and admins can change the webhook.</p>
        )}
        {set.error && <Alert tone="error">{errorMessage(set.error)}</Alert>}
        {secret !== null && <SecretOnce title="Webhook signing secret" secretLabel="Secret" secret={secret} onDismiss={() => setSecret(null)} />}
      </div>
    </Card>
  );
}
