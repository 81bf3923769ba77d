"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { DATAFLOW_REFRESH_MS, DataflowStatusBadge } from "./dataflow-status";
import { DeployDataflowForm } from "./deploy-dataflow-form";

type Dataflow = RouterOutputs["dataflows"]["list"][number];

/** The cluster's Dataflows tab: deploy from YAML, and each dataflow with its status per operator. */
export function DataflowsPage({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const dataflows = useQuery({ ...trpc.dataflows.list.queryOptions({ clusterId }), refetchInterval: DATAFLOW_REFRESH_MS });
  const { canChange } = usePermissions();
  const [editing, setEditing] = useState<{ document?: string } | null>(null);

  return (
    <div className="space-y-6">
      {editing !== null && <DeployDataflowForm key={editing.document ?? "new"} clusterId={clusterId} initial={editing.document} onDone={() => setEditing(null)} />}
      <Card
        title="Dataflows"
        description={
          <>
            Stateful windows, aggregates and joins over the cluster&apos;s topics; their views are on the{" "}
            <Link className="text-brand-700 hover:underline" href={`/clusters/${clusterId}/views`}>
              Views
            </Link>{" "}
            tab.
          </>
        }
        actions={canChange ? editing === null && <Button onClick={() => setEditing({})}>Deploy dataflow</Button> : <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>}
      >
        {dataflows.error && <Alert tone="error">{errorMessage(dataflows.error)}</Alert>}
        {dataflows.data === undefined ? (
          <p className="text-sm text-slate-500">Loading dataflows…</p>
        ) : dataflows.data.length === 0 ? (
          <p className="text-sm text-slate-500">No dataflows yet. A dataflow counts, windows, joins and ranks records as they arrive, and keeps its results in topics and queryable views.</p>
        ) : (
          <div className="space-y-6">
            {dataflows.data.map((dataflow) => (
              <DataflowPanel key={dataflow.id} clusterId={clusterId} dataflow={dataflow} onEdit={() => setEditing({ document: dataflow.document })} />
            ))}
          </div>
        )}
      </Card>
    </div>
  );
}

function time(ms: number | null): string {
  return ms === null ? "–" : new Date(ms).toLocaleTimeString("en-GB");
}

/** One dataflow: status, why it failed, its operators (records in/out, watermark, state, late, errors) and sources' lag. */
function DataflowPanel({ clusterId, dataflow, onEdit }: { clusterId: string; dataflow: Dataflow; onEdit: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canChange, canAdminister } = usePermissions();
  const status = useQuery({ ...trpc.dataflows.status.queryOptions({ dataflowId: dataflow.id }), refetchInterval: DATAFLOW_REFRESH_MS });
  const remove = useMutation(trpc.dataflows.delete.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.dataflows.list.queryKey({ clusterId }) }) }));
  const current = status.data ?? { ...dataflow, live: false };
  const runtime = current.runtime;
  const lag = runtime?.sources.flatMap((s) => s.partitions).reduce((sum, p) => sum + p.lag, 0);
  const leaving = current.status === "Deleting" || current.status === "Deleted";

  return (
    <section aria-label={`Dataflow ${dataflow.name}`} data-dataflow={dataflow.name} className="space-y-3 rounded-md p-4 ring-1 ring-slate-200">
      <header className="flex items-start justify-between gap-4">
        <div>
          <h3 className="font-mono text-sm font-semibold text-slate-900">{dataflow.name}</h3>
          <div className="mt-1 flex flex-wrap items-center gap-3 text-xs text-slate-500">
            <DataflowStatusBadge status={current.status} />
            {runtime !== null && (
              <span>
                checkpoints {runtime.checkpoint?.count ?? 0} · lag <span data-testid="dataflow-lag">{lag ?? "–"}</span> · views {runtime.views.join(", ") || "–"}
                {!current.live && " · as last seen by the worker"}
              </span>
            )}
          </div>
          {current.statusReason !== null && (
            <p data-testid="dataflow-reason" className="mt-1 text-xs break-words text-red-700">
              {current.statusReason}
            </p>
          )}
        </div>
        {canChange && !leaving && (
          <div className="flex items-center gap-1">
            <Button variant="secondary" size="sm" onClick={onEdit}>
              Edit
            </Button>
            {canAdminister && <ConfirmButton label="Delete" confirmLabel={`Delete ${dataflow.name}`} busy={remove.isPending} onConfirm={() => remove.mutate({ dataflowId: dataflow.id })} />}
          </div>
        )}
      </header>
      {remove.error && <Alert tone="error">{errorMessage(remove.error)}</Alert>}
      {runtime !== null && runtime.operators.length > 0 && (
        <Table caption={`Operators of ${dataflow.name}`}>
          <thead>
            <tr>
              {["Operator", "Kind", "In", "Out", "Watermark", "State", "Late", "Errors"].map((column) => (
                <Th key={column}>{column}</Th>
              ))}
            </tr>
          </thead>
          <Tbody>
            {runtime.operators.map((operator) => (
              <tr key={operator.id} data-operator={operator.id}>
                <Td className="font-mono">{operator.id}</Td>
                <Td>{operator.kind}</Td>
                <Td className="tabular-nums" data-testid="operator-in">
                  {operator.recordsIn}
                </Td>
                <Td className="tabular-nums" data-testid="operator-out">
                  {operator.recordsOut}
                </Td>
                <Td className="tabular-nums">{time(operator.watermark)}</Td>
                <Td className="tabular-nums">{operator.stateEntries}</Td>
                <Td className="tabular-nums">{operator.lateDropped}</Td>
                <Td className="tabular-nums">{operator.errors}</Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
    </section>
  );
}
