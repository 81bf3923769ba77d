"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { formatMoney, parseDollars } from "@/lib/money";
import { useTRPC } from "@/lib/trpc";

/** The card on file (owners and admins add one through Stripe Checkout) and the budget and hard cap. */
export function PaymentCard({ canChange }: { canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const summary = useQuery(trpc.billing.summary.queryOptions());
  const checkout = useMutation(trpc.billing.startCheckout.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const setBudget = useMutation(trpc.billing.setBudget.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.billing.summary.queryKey() }) }));
  const [formError, setFormError] = useState<string | null>(null);
  const s = summary.data;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const budget = parseDollars(String(form.get("budget")));
    const cap = parseDollars(String(form.get("cap")));
    if (!budget.ok) return setFormError(`Monthly budget: ${budget.message}`);
    if (!cap.ok) return setFormError(`Hard cap: ${cap.message}`);
    setFormError(null);
    setBudget.mutate({ budgetMinor: budget.minor, hardCapMinor: cap.minor });
  }

  const dollars = (minor: number | null | undefined) => (minor === null || minor === undefined ? "" : (minor / 100).toFixed(2));
  return (
    <Card title="Payment and limits">
      {s && (
        <div className="space-y-5">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-slate-700">
              Payment method:{" "}
              <span className="font-medium" data-testid="payment-method">
                {s.paymentMethod ?? "none yet"}
              </span>
            </p>
            {canChange && (
              <Button variant="secondary" busy={checkout.isPending} onClick={() => checkout.mutate({})}>
                {s.paymentMethod === null ? "Add payment method" : "Replace payment method"}
              </Button>
            )}
          </div>
          {checkout.error && <Alert tone="error">{errorMessage(checkout.error)}</Alert>}
          <p className="text-sm text-slate-600">
            Budget: {s.budgetMinor === null ? "none" : formatMoney(s.budgetMinor)} (alerts at 50, 75, 90 and 100%). Hard cap: {s.hardCapMinor === null ? "none" : formatMoney(s.hardCapMinor)}
            {s.capState === "capped" && " — reached: producers are slowed down and no new paid resources can be added; nothing is deleted."}
          </p>
          {canChange && (
            <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Budget and cap">
              <div className="w-44">
                <TextField key={`b${s.budgetMinor}`} label="Monthly budget ($)" name="budget" inputMode="decimal" defaultValue={dollars(s.budgetMinor)} placeholder="none" />
              </div>
              <div className="w-44">
                <TextField key={`c${s.hardCapMinor}`} label="Hard cap ($)" name="cap" inputMode="decimal" defaultValue={dollars(s.hardCapMinor)} placeholder="none" />
              </div>
              <Button type="submit" busy={setBudget.isPending}>
                Save limits
              </Button>
            </form>
          )}
          {formError && <Alert tone="error">{formError}</Alert>}
          {setBudget.error && <Alert tone="error">{errorMessage(setBudget.error)}</Alert>}
          {setBudget.isSuccess && <Alert tone="success">Limits saved.</Alert>}
        </div>
      )}
    </Card>
  );
}

/** Past due or suspended payments, or a reached cap: said at the top of the page. */
export function BillingBanner() {
  const trpc = useTRPC();
  const s = useQuery(trpc.billing.summary.queryOptions()).data;
  if (s === undefined) return null;
  if (s.standing === "suspended") {
    return (
      <Alert tone="error" title="Payments suspended">
        An invoice stayed unpaid past the grace period, so the spending cap applies: update the payment method to lift it.
      </Alert>
    );
  }
  if (s.standing === "past_due") {
    return (
      <Alert tone="warning" title="Payment past due">
        The last payment failed{s.pastDueSince ? ` on ${new Date(s.pastDueSince).toLocaleDateString()}` : ""}. Update the payment method before the grace period ends.
      </Alert>
    );
  }
  if (s.capState === "capped")
    return (
      <Alert tone="warning" title="Spending cap reached">
        Producers are slowed down and new paid resources are refused until the cap is raised or the month ends.
      </Alert>
    );
  const highest = s.alerts[s.alerts.length - 1];
  if (highest !== undefined && s.budgetMinor !== null) {
    return (
      <Alert tone={highest.level >= 100 ? "warning" : "info"} title={`${highest.level}% of the monthly budget reached`}>
        Spend reached {formatMoney(highest.spendMinor)} of the {formatMoney(s.budgetMinor)} budget on {new Date(highest.firedAt).toLocaleDateString()}.
      </Alert>
    );
  }
  return null;
}
