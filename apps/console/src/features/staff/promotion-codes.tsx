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
import { formatMoney, parseDollars } from "@/lib/money";
import { useTRPC } from "@/lib/trpc";

/** The form's optional whole number ("" is none), or a sentence saying what is wrong. */
function optionalCount(text: string, what: string): { ok: true; value: number | null } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: null };
  if (!/^[1-9]\d{0,6}$/.test(trimmed)) return { ok: false, message: `Type ${what} as a whole number above zero, or leave it empty.` };
  return { ok: true, value: Number(trimmed) };
}

/** Promotion codes: a form for a new one and every code with how many organizations redeemed it. */
export function PromotionCodes() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const codes = useQuery(trpc.staff.promotions.list.queryOptions());
  const create = useMutation(trpc.staff.promotions.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.staff.promotions.list.queryKey() }) }));
  const [formError, setFormError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const amount = parseDollars(String(form.get("amount")));
    if (!amount.ok) return setFormError(amount.message);
    if (amount.minor === null) return setFormError("Type the credit's amount in dollars.");
    const validDays = optionalCount(String(form.get("validDays")), "the days the credit lasts");
    if (!validDays.ok) return setFormError(validDays.message);
    if (validDays.value === null) return setFormError("Type how many days the credit lasts.");
    const maxRedemptions = optionalCount(String(form.get("maxRedemptions")), "the redemption limit");
    if (!maxRedemptions.ok) return setFormError(maxRedemptions.message);
    const until = String(form.get("redeemableUntil"));
    setFormError(null);
    create.mutate(
      {
        code: String(form.get("code")),
        amountMinor: amount.minor,
        validDays: validDays.value,
        // The last day a code can be redeemed is included: it stops at the next UTC midnight.
        redeemableUntil: until === "" ? null : new Date(Date.parse(`${until}T00:00:00.000Z`) + 86_400_000).toISOString(),
        maxRedemptions: maxRedemptions.value,
      },
      { onSuccess: () => formElement.reset() },
    );
  }

  return (
    <Card title="Promotion codes" description="Each organization can redeem a code once; its credit lasts the given days from redemption.">
      <div className="space-y-4">
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="New promotion code">
          <div className="w-44">
            <TextField label="Code" name="code" required maxLength={32} autoComplete="off" placeholder="e.g. LAUNCH2026" />
          </div>
          <div className="w-32">
            <TextField label="Credit (USD)" name="amount" required inputMode="decimal" placeholder="e.g. 25" />
          </div>
          <div className="w-32">
            <TextField label="Lasts (days)" name="validDays" required inputMode="numeric" defaultValue="30" />
          </div>
          <div className="w-44">
            <TextField label="Last day (UTC, optional)" name="redeemableUntil" type="date" />
          </div>
          <div className="w-40">
            <TextField label="Limit (optional)" name="maxRedemptions" inputMode="numeric" placeholder="no limit" />
          </div>
          <Button type="submit" busy={create.isPending}>
            Create code
          </Button>
        </form>
        {formError && <Alert tone="error">{formError}</Alert>}
        {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
        {create.isSuccess && <Alert tone="success">Code {create.data.code} created.</Alert>}
        <QueryTable
          query={codes}
          rows={codes.data}
          loading="Loading codes…"
          empty="No promotion codes yet."
          caption="Promotion codes"
          columns={["Code", "Credit", "Lasts", "Redeemable until", "Redeemed", "Created"]}
        >
          {(c) => (
            <tr key={c.code} data-testid="promotion-code">
              <Td className="font-mono text-xs">{c.code}</Td>
              <Td className="tabular-nums">{formatMoney(c.amountMinor)}</Td>
              <Td className="tabular-nums">{c.validDays} days</Td>
              <Td className="whitespace-nowrap">{c.redeemableUntil === null ? "No end" : <Time value={c.redeemableUntil} />}</Td>
              <Td className="tabular-nums">{c.maxRedemptions === null ? c.redemptions : `${c.redemptions} of ${c.maxRedemptions}`}</Td>
              <Td className="text-xs">
                {c.createdBy}, <Time value={c.createdAt} />
              </Td>
            </tr>
          )}
        </QueryTable>
      </div>
    </Card>
  );
}
