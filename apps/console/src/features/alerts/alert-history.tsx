"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { ALERTS_REFRESH_MS } from "./alert-rules";

type Delivery = RouterOutputs["alerts"]["events"]["list"][number]["deliveries"][number];

function deliveryText(delivery: Delivery): string {
  if (delivery.deliveredAt !== null) return `${delivery.transition}: delivered`;
  if (delivery.abandoned) return `${delivery.transition}: gave up after ${delivery.attempts.toString()} attempts (${delivery.lastError ?? "no answer"})`;
  return `${delivery.transition}: retrying${delivery.lastError === null ? "" : ` (${delivery.lastError})`}`;
}

/** Every firing of the org's alerts, newest first, with what the webhook made of it. */
export function AlertHistory() {
  const trpc = useTRPC();
  const events = useQuery({ ...trpc.alerts.events.list.queryOptions({}), refetchInterval: ALERTS_REFRESH_MS });
  return (
    <Card title="History">
      <QueryTable
        query={events}
        rows={events.data}
        loading="Loading history…"
        empty="No alert has fired yet."
        caption="Alert history"
        columns={["Alert", "Fired", "Cleared", "What happened", "Webhook"]}
      >
        {(event) => (
          <tr key={event.id}>
            <Td className="font-medium">{event.ruleName}</Td>
            <Td>
              <Time value={event.firedAt} />
            </Td>
            <Td>
              {event.clearedAt === null ? (
                <Badge tone="bad" pulse>
                  Firing
                </Badge>
              ) : (
                <Time value={event.clearedAt} />
              )}
            </Td>
            <Td>{event.summary}</Td>
            <Td className="text-xs text-slate-600">{event.deliveries.length === 0 ? "None set" : event.deliveries.map(deliveryText).join("; ")}</Td>
          </tr>
        )}
      </QueryTable>
    </Card>
  );
}
