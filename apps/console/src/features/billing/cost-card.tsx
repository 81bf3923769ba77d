"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/lib/trpc";
import { DIMENSION_LABELS } from "./dimension-labels";

/** Plans, the month so far by dimension and by cluster, credits, what is due and the forecast. */
export function CostCard() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.billing.summary.queryOptions());
  const usage = useQuery(trpc.billing.usage.queryOptions({}));
  const s = summary.data;
  const money = (minor: number) => formatMoney(minor, s?.currency);
  const unitOf = (dimension: string) => usage.data?.totals.find((t) => t.dimension === dimension)?.unit ?? "";

  return (
    <Card title="This month" description={s ? `${s.month}, month to date. Plan${s.plans.length === 1 ? "" : "s"}: ${s.plans.length === 0 ? "none yet" : s.plans.join(", ")}.` : undefined}>
      {summary.error && <Alert tone="error">{errorMessage(summary.error)}</Alert>}
      {s && (
        <div className="space-y-5">
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Figure label="Cost so far" value={money(s.subtotalMinor)} testId="mtd-cost" />
            <Figure label="Credits" value={money(s.creditsMinor)} testId="mtd-credits" />
            <Figure label="Due so far" value={money(s.dueMinor)} testId="mtd-due" />
            <Figure label="Forecast for the month" value={money(s.forecastMinor)} testId="forecast" />
          </dl>
          <div className="grid gap-6 lg:grid-cols-2">
            <QueryTable query={summary} rows={s.byDimension} empty="No usage this month yet." caption="Cost by dimension" columns={["Dimension", "Quantity", "Cost"]}>
              {(line) => (
                <tr key={line.dimension}>
                  <Td>{DIMENSION_LABELS[line.dimension]}</Td>
                  <Td className="font-mono text-xs">
                    {line.quantity} {unitOf(line.dimension)}
                  </Td>
                  <Td className="text-right tabular-nums">{money(line.amountMinor)}</Td>
                </tr>
              )}
            </QueryTable>
            <QueryTable query={summary} rows={s.byCluster} empty="No cluster has cost anything this month." caption="Cost by cluster" columns={["Cluster", "Plan", "Cost"]}>
              {(line) => (
                <tr key={line.clusterId}>
                  <Td>{line.clusterName}</Td>
                  <Td className="capitalize">{line.planId}</Td>
                  <Td className="text-right tabular-nums">{money(line.amountMinor)}</Td>
                </tr>
              )}
            </QueryTable>
          </div>
        </div>
      )}
    </Card>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-xl font-semibold text-slate-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
