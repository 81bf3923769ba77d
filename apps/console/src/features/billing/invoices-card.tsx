"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { formatMoney } from "@/lib/money";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";

type Invoice = RouterOutputs["billing"]["invoices"]["invoices"][number];

const STATUS: Record<Invoice["status"], { label: string; tone: BadgeTone }> = {
  draft: { label: "Being prepared", tone: "progress" },
  open: { label: "Open", tone: "progress" },
  paid: { label: "Paid", tone: "good" },
  payment_failed: { label: "Payment failed", tone: "bad" },
  void: { label: "Void", tone: "neutral" },
};

export function InvoicesCard() {
  const trpc = useTRPC();
  const invoices = useQuery(trpc.billing.invoices.queryOptions());
  return (
    <Card title="Invoices" description="One per calendar month (UTC), issued after the month closes.">
      <QueryTable query={invoices} rows={invoices.data?.invoices} loading="Loading invoices…" empty="No invoices yet." caption="Invoices" columns={["Month", "Status", "Total", "Lines"]}>
        {(invoice) => (
          <tr key={invoice.id}>
            <Td className="font-mono text-xs">{invoice.month}</Td>
            <Td>
              <Badge tone={STATUS[invoice.status].tone}>{STATUS[invoice.status].label}</Badge>
            </Td>
            <Td className="tabular-nums">
              {formatMoney(invoice.totalMinor, invoice.currency)}
              {invoice.hostedUrl && (
                <a className="ml-2 text-brand-700 underline" href={invoice.hostedUrl}>
                  View
                </a>
              )}
            </Td>
            <Td>
              <details>
                <summary className="cursor-pointer text-sm text-slate-600">{invoice.lines.length} lines</summary>
                <ul className="mt-2 space-y-1 text-xs">
                  {invoice.lines.map((line, index) => (
                    <li key={index} className="flex justify-between gap-4">
                      <span>
                        {line.description}
                        {line.quantity !== null && <span className="text-slate-500"> × {line.quantity}</span>}
                      </span>
                      <span className="tabular-nums">{formatMoney(line.amountMinor, invoice.currency)}</span>
                    </li>
                  ))}
                </ul>
              </details>
            </Td>
          </tr>
        )}
      </QueryTable>
    </Card>
  );
}
