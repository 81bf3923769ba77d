"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { useTRPC } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { ConnectorActions } from "./connector-actions";
import { metricCells } from "./connector-metrics";
import { CONNECTOR_REFRESH_MS, ConnectorStatusBadge } from "./connector-status";
import { CreateConnectorForm } from "./create-connector-form";

export function connectorHref(clusterId: string, connectorId: string): `/clusters/${string}` {
  return `/clusters/${clusterId}/connectors/${connectorId}`;
}

/** The cluster's Connectors tab: each connector with its status, last error and counters, its actions, and the create form. */
export function ConnectorsPage({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const connectors = useQuery({ ...trpc.connectors.list.queryOptions({ clusterId }), refetchInterval: CONNECTOR_REFRESH_MS });
  const { canChange } = usePermissions();
  const [creating, setCreating] = useState(false);

  return (
    <div className="space-y-6">
      {creating && <CreateConnectorForm clusterId={clusterId} onDone={() => setCreating(false)} />}
      <Card
        title="Connectors"
        description="Counters are as the worker last read them from each connector."
        actions={canChange ? !creating && <Button onClick={() => setCreating(true)}>Create connector</Button> : <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>}
      >
        <QueryTable
          query={connectors}
          rows={connectors.data}
          loading="Loading connectors…"
          empty="No connectors yet. A connector moves records between a topic and another system: MQTT, HTTP, Kafka, PostgreSQL, NATS or Parquet files."
          caption="Connectors"
          columns={["Name", "Type", "Kind", "Status", "In", "Out", "Errors", "Dead-lettered", "Lag", "Last success"]}
          actions
        >
          {(connector) => {
            const cells = metricCells(connector.metrics, connector.status);
            return (
              <tr key={connector.id} data-connector={connector.name}>
                <Td className="max-w-xs truncate" title={connector.name}>
                  <Link href={connectorHref(clusterId, connector.id)} className="font-medium text-brand-700 hover:underline">
                    {connector.name}
                  </Link>
                </Td>
                <Td>{connector.type}</Td>
                <Td>{connector.kind}</Td>
                <Td className="max-w-sm">
                  <ConnectorStatusBadge status={connector.status} />
                  {connector.statusReason !== null && (
                    <p data-testid="connector-reason" className="mt-1 text-xs break-words text-red-700">
                      {connector.statusReason}
                    </p>
                  )}
                </Td>
                <Td className="tabular-nums">{cells.inRate}</Td>
                <Td className="tabular-nums">{cells.outRate}</Td>
                <Td className="tabular-nums">{cells.errors}</Td>
                <Td className="tabular-nums">{cells.deadLettered}</Td>
                <Td className="tabular-nums">{cells.lag}</Td>
                <Td className="text-xs">{cells.lastSuccessAt === null ? "–" : <Time value={cells.lastSuccessAt} />}</Td>
                <Td>
                  <ConnectorActions clusterId={clusterId} connector={connector} />
                </Td>
              </tr>
            );
          }}
        </QueryTable>
      </Card>
    </div>
  );
}
