"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { DATAFLOW_REFRESH_MS } from "./dataflow-status";
import { RowsView } from "./rows-view";
import { StockView } from "./stock-view";
import { useViewRows } from "./use-view-rows";

type View = RouterOutputs["views"]["list"][number];

/** The cluster's Views tab: every view of its dataflows, live, as a table and a chart (entity-as-a-stock views as movers). */
export function ViewsPage({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const views = useQuery({ ...trpc.views.list.queryOptions({ clusterId }), refetchInterval: DATAFLOW_REFRESH_MS });
  if (views.error) return <Alert tone="error">{errorMessage(views.error)}</Alert>;
  if (views.data === undefined) return <p className="text-sm text-slate-500">Loading views…</p>;
  if (views.data.length === 0)
    return (
      <Card title="Views">
        <p className="text-sm text-slate-500">
          No views yet. A dataflow&apos;s sink with <code>view: {"{}"}</code> keeps its latest rows here, queryable by key;{" "}
          <Link className="text-brand-700 hover:underline" href={`/clusters/${clusterId}/dataflows`}>
            deploy one
          </Link>
          .
        </p>
      </Card>
    );
  return (
    <div className="space-y-6">
      {views.data.map((view) => (
        <Card key={`${view.dataflow}/${view.name}`} title={view.name} description={`Rows of ${view.from} in dataflow ${view.dataflow}${view.shape === "stock" ? ", an entity-as-a-stock view" : ""}.`}>
          {view.queryable ? <LiveView clusterId={clusterId} view={view} /> : <p className="text-sm text-slate-500">Its dataflow is not running yet; the view answers once it does.</p>}
        </Card>
      ))}
    </div>
  );
}

function LiveView({ clusterId, view }: { clusterId: string; view: View }) {
  const { rows, mode } = useViewRows(clusterId, view.name, view.dataflow);
  return (
    <div className="space-y-2" data-view={view.name} data-mode={mode}>
      {view.shape === "stock" ? <StockView view={view.name} rows={rows} /> : <RowsView view={view.name} rows={rows} />}
      <p className="text-xs text-slate-500">
        {rows.length} rows · {mode === "live" ? "updates pushed as they happen" : "the live stream is down; asking every few seconds"}
      </p>
    </div>
  );
}
