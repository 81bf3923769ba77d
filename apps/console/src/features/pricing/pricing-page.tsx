"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { DIMENSION_LABELS } from "../billing/dimension-labels";
import { describePrice } from "./describe-price";

/** The plans and their list prices as the price book has them now, with any change staff scheduled. */
export function PricingPage() {
  const trpc = useTRPC();
  const plans = useQuery(trpc.pricing.plans.queryOptions());
  return (
    <>
      <PageHeader title="Pricing" description="Pay for what you use, metered per hour and billed per calendar month (UTC). Credits are spent before any card is charged." />
      {plans.error && <Alert tone="error">{errorMessage(plans.error)}</Alert>}
      <div className="grid gap-6 lg:grid-cols-2">
        {plans.data?.map((plan) => (
          <Card
            key={plan.code}
            title={plan.code === "free" ? "Free" : "Pro"}
            description={`Up to ${plan.maxClusters} cluster${plan.maxClusters === 1 ? "" : "s"}, ${plan.maxSpus} SPU${plan.maxSpus === 1 ? "" : "s"} and ${plan.maxPartitions} partitions per cluster.${plan.code === "free" ? "" : " Needs a payment method or a credit."}`}
          >
            <Table caption={`${plan.code} plan prices`}>
              <thead>
                <tr>
                  <Th>Usage</Th>
                  <Th>Price</Th>
                </tr>
              </thead>
              <Tbody>
                {plan.prices.map((row) => (
                  <tr key={row.dimension}>
                    <Td className="whitespace-nowrap">{DIMENSION_LABELS[row.dimension]}</Td>
                    <Td>
                      {row.current ? describePrice(row.current.price, row.unit) : "not priced"}
                      {row.next && (
                        <p className="text-xs text-slate-500">
                          From <Time value={row.next.effectiveFrom} />: {describePrice(row.next.price, row.unit)}
                        </p>
                      )}
                    </Td>
                  </tr>
                ))}
              </Tbody>
            </Table>
          </Card>
        ))}
      </div>
    </>
  );
}
