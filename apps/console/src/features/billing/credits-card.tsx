"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/lib/trpc";

const KIND_LABELS = { trial: "Sign-up trial", promotion: "Promotion", onboarding: "White-glove onboarding" } as const;

/** The organization's credits; owners and admins may also redeem a promotion code here. */
export function CreditsCard({ canRedeem }: { canRedeem: boolean }) {
  const trpc = useTRPC();
  const credits = useQuery(trpc.billing.credits.queryOptions());
  return (
    <Card title="Credits" description="Credits pay for usage before any card is charged: the one that expires first is spent first within each priority.">
      <div className="space-y-4">
        {canRedeem && <RedeemCode />}
        <QueryTable query={credits} rows={credits.data} loading="Loading credits…" empty="No credits." caption="Credits" columns={["Credit", "Amount", "Balance", "Expires"]}>
          {(credit) => (
            <tr key={credit.id}>
              <Td>
                {KIND_LABELS[credit.kind]} {credit.expired && <Badge tone="bad">Expired</Badge>}
              </Td>
              <Td className="tabular-nums">{formatMoney(credit.amountMinor)}</Td>
              <Td className="tabular-nums" data-testid={`credit-balance-${credit.kind}`}>
                {formatMoney(credit.balanceMinor)}
              </Td>
              <Td className="whitespace-nowrap">{credit.expiresAt === null ? "Never" : <Time value={credit.expiresAt} />}</Td>
            </tr>
          )}
        </QueryTable>
      </div>
    </Card>
  );
}

/** A promotion code typed in any case; the API says in a sentence why one cannot be redeemed. */
function RedeemCode() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const redeem = useMutation(
    trpc.billing.redeemCode.mutationOptions({
      // The new credit shows in the list and lowers what is due this month.
      onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.billing.credits.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.billing.summary.queryKey() })]),
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    redeem.mutate({ code: String(new FormData(form).get("code")) }, { onSuccess: () => form.reset() });
  }

  return (
    <>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Redeem a code">
        <div className="w-64">
          <TextField label="Promotion code" name="code" required maxLength={32} autoComplete="off" placeholder="e.g. LAUNCH2026" />
        </div>
        <Button type="submit" busy={redeem.isPending}>
          Redeem a code
        </Button>
      </form>
      {redeem.error && <Alert tone="error">{errorMessage(redeem.error)}</Alert>}
      {redeem.isSuccess && <Alert tone="success">Code redeemed: its credit is in the list below.</Alert>}
    </>
  );
}
