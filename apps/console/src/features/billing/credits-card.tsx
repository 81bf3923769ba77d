"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/lib/trpc";

const KIND_LABELS = { trial: "Sign-up trial", promotion: "Promotion", onboarding: "White-glove onboarding" } as const;

export function CreditsCard() {
  const trpc = useTRPC();
  const credits = useQuery(trpc.billing.credits.queryOptions());
  return (
    <Card title="Credits" description="Credits pay for usage before any card is charged: the one that expires first is spent first within each priority.">
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
    </Card>
  );
}
