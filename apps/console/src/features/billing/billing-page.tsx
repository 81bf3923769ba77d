"use client";

import { useSearchParams } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { usePermissions } from "../orgs/permissions";
import { CostCard } from "./cost-card";
import { CreditsCard } from "./credits-card";
import { InvoicesCard } from "./invoices-card";
import { OnboardingCard } from "./onboarding-card";
import { BillingBanner, PaymentCard } from "./payment-card";
import { UsageChart } from "./usage-chart";

export function BillingPage() {
  // Everyone in the organization reads billing; only owners and admins change it (the API refuses the rest).
  const { canAdminister } = usePermissions();
  const checkout = useSearchParams().get("checkout");
  return (
    <>
      <PageHeader title="Billing" description="Usage is metered per hour and billed per calendar month (UTC)." />
      <div className="space-y-6">
        <BillingBanner />
        {checkout === "done" && <Alert tone="success">Payment method saved. It can take a moment to show here.</Alert>}
        {checkout === "cancelled" && <Alert tone="info">No payment method was added.</Alert>}
        <CostCard />
        <UsageChart />
        <div className="grid gap-6 lg:grid-cols-2">
          <CreditsCard canRedeem={canAdminister} />
          <PaymentCard canChange={canAdminister} />
        </div>
        <InvoicesCard />
        <OnboardingCard canChange={canAdminister} />
      </div>
    </>
  );
}
