import type { Metadata } from "next";
import { Suspense } from "react";
import { BillingPage } from "@/features/billing/billing-page";

export const metadata: Metadata = { title: "Billing" };

export default function Page() {
  // useSearchParams (the Checkout return) needs a Suspense boundary for static rendering.
  return (
    <Suspense>
      <BillingPage />
    </Suspense>
  );
}
