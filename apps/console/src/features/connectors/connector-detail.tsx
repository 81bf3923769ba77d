"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { Route } from "next";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { errorCode, errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { ConnectorActions } from "./connector-actions";
import { metricCells } from "./connector-metrics";
import { CONNECTOR_REFRESH_MS, ConnectorStatusBadge } from "./connector-status";

/** One connector: status and last error, counters, its YAML and the last lines of its log. */
export function ConnectorDetail({ clusterId, connectorId }: { clusterId: string; connectorId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const connector = useQuery({ ...trpc.connectors.get.queryOptions({ connectorId }), refetchInterval: CONNECTOR_REFRESH_MS });
  const logs = useQuery({ ...trpc.connectors.logs.queryOptions({ connectorId }), refetchInterval: CONNECTOR_REFRESH_MS });
  const listHref = `/clusters/${clusterId}/connectors` as Route;

  const heading = (
    <h2 className="mb-4 text-lg font-semibold break-all text-slate-900">
      <Link href={listHref} className="text-brand-700 hover:underline">
        Connectors
      </Link>{" "}
      / {connector.data?.name ?? connectorId}
    </h2>
  );
  if (connector.isPending)
    return (
      <>
        {heading}
        <p role="status" className="text-sm text-slate-500">
          Loading the connector…
        </p>
      </>
    );
  if (connector.error)
    return (
      <>
        {heading}
        <Alert tone="error" title={errorCode(connector.error) === "NOT_FOUND" ? "No such connector" : "Could not load the connector"}>
          {errorMessage(connector.error)}
        </Alert>
      </>
    );

  const c = connector.data;
  const cells = metricCells(c.metrics, c.status);
  const facts: [string, ReactNode][] = [
    ["Type", `${c.type} (${c.kind})`],
    ["Records in", c.metrics?.recordsIn.toLocaleString("en-US") ?? "–"],
    ["Records out", c.metrics?.recordsOut.toLocaleString("en-US") ?? "–"],
    ["In / out per second", `${cells.inRate} / ${cells.outRate}`],
    ["Errors", cells.errors],
    ["Dead-lettered", cells.deadLettered],
    ["Lag", cells.lag],
    ["Last success", cells.lastSuccessAt === null ? "–" : <Time value={cells.lastSuccessAt} />],
  ];
  return (
    <>
      {heading}
      <div className="space-y-6">
        <Card title="Summary" actions={<ConnectorActions clusterId={clusterId} connector={c} onDeleted={() => router.push(listHref)} />}>
          <div className="mb-4 flex items-center gap-3 text-sm">
            <ConnectorStatusBadge status={c.status} />
            {c.observedAt !== null && (
              <span className="text-slate-500">
                as read <Time value={c.observedAt} />
              </span>
            )}
          </div>
          {c.statusReason !== null && (
            <Alert tone="error" title="Last error">
              {c.statusReason}
            </Alert>
          )}
          <dl className="mt-4 grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
            {facts.map(([term, value]) => (
              <div key={term}>
                <dt className="text-slate-500">{term}</dt>
                <dd className="mt-1 tabular-nums" data-testid={`fact-${term}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Recent logs" description="The last lines the connector wrote, as the worker last copied them.">
          {logs.error && <Alert tone="error">{errorMessage(logs.error)}</Alert>}
          {logs.data !== undefined &&
            (logs.data.lines.length === 0 ? (
              <EmptyState>No log lines yet.</EmptyState>
            ) : (
              <pre aria-label="Log lines" tabIndex={0} className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap text-slate-100">
                {logs.data.lines.join("\n")}
              </pre>
            ))}
        </Card>
        <Card title="Configuration">
          <CodeBlock label="Connector YAML" code={c.config} />
        </Card>
      </div>
    </>
  );
}
