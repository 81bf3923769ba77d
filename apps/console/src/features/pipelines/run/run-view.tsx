"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { documentGraph } from "../graph-view/document-graph";
import { GraphView } from "../graph-view/graph-view";
import { BackpressureLegend } from "./backpressure-legend";
import { RunNodeDetail } from "./run-node-detail";
import { lagLabels, runDecorations, runSummary } from "./run-metrics";

/** How often the running pipeline's numbers are asked for (the worker copies runtime status about this often). */
export const RUN_VIEW_REFRESH_MS = 2_000;

/**
 * The builder's Run tab: the deployed pipeline's graph with live rates, failures and dead letters
 * per node, consumer lag per edge, and nodes coloured by backpressure.
 */
export function RunView({ pipelineId, yaml }: { pipelineId: string; yaml: string }) {
  const trpc = useTRPC();
  const drawn = useMemo(() => documentGraph(yaml), [yaml]);
  const view = useQuery({ ...trpc.pipelines.runView.queryOptions({ pipelineId }), refetchInterval: RUN_VIEW_REFRESH_MS });
  const [selected, setSelected] = useState<string | null>(null);
  const decorations = useMemo(() => (drawn.ok ? runDecorations(drawn.graph, view.data) : {}), [drawn, view.data]);
  const labels = useMemo(() => lagLabels(view.data), [view.data]);
  const selectedNode = drawn.ok && selected !== null ? drawn.graph.nodes.find((node) => node.id === selected) : undefined;

  return (
    <div className="space-y-4" data-testid="run-view">
      {view.error && <Alert tone="error">{errorMessage(view.error)}</Alert>}
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-700">
        <p data-testid="run-summary">{runSummary(view.data)}</p>
        <BackpressureLegend />
      </div>
      {!drawn.ok ? (
        <Alert tone="warning" title="The pipeline cannot be drawn">
          {drawn.message}
        </Alert>
      ) : (
        <GraphView graph={drawn.graph} decorations={decorations} edgeLabels={labels} selected={selected} onSelect={setSelected} label="Running pipeline graph" />
      )}
      {selectedNode !== undefined && <RunNodeDetail node={selectedNode} metrics={view.data?.nodes[selectedNode.id]} />}
    </div>
  );
}
