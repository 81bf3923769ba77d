"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/lib/trpc";
import { OnboardingRequests } from "./onboarding-requests";
import { PriceVersions } from "./price-versions";
import { PromotionCodes } from "./promotion-codes";

/** Freshet staff only (the API refuses everyone else): onboarding decisions, reconciliation, prices, promotion codes. */
export function StaffPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const isStaff = me.data?.user.isStaff === true;
  return (
    <>
      <PageHeader title="Staff" description="Freshet operators: onboarding requests, invoices that disagree with Stripe, the price book and promotion codes." />
      {me.data && !isStaff && <Alert tone="error">Only Freshet staff can open this page.</Alert>}
      {isStaff && (
        <div className="space-y-6">
          <OnboardingRequests />
          <Mismatches />
          <PriceVersions />
          <PromotionCodes />
        </div>
      )}
    </>
  );
}

function Mismatches() {
  const trpc = useTRPC();
  const mismatches = useQuery(trpc.staff.billing.mismatches.queryOptions());
  return (
    <Card title="Reconciliation mismatches" description="Finalized Stripe invoices whose total disagreed with our ledger; zero tolerance.">
      <QueryTable
        query={mismatches}
        rows={mismatches.data}
        loading="Loading…"
        empty="Every finalized invoice matches the ledger."
        caption="Mismatched invoices"
        columns={["Organization", "Month", "Ledger total", "Stripe invoice", "Detail"]}
      >
        {(m) => (
          <tr key={m.invoiceId}>
            <Td>{m.orgName}</Td>
            <Td className="font-mono text-xs">{m.month}</Td>
            <Td className="tabular-nums">{formatMoney(m.totalMinor)}</Td>
            <Td className="font-mono text-xs">{m.stripeInvoiceId ?? "—"}</Td>
            <Td className="text-xs">{m.detail ?? "—"}</Td>
          </tr>
        )}
      </QueryTable>
    </Card>
  );
}
