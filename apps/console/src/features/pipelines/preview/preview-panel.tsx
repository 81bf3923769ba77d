"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { documentGraph } from "../graph-view/document-graph";
import { GraphView } from "../graph-view/graph-view";
import { PreviewNodeDetail } from "./preview-node-detail";
import { stepModule } from "./smartmodule-step";
import { DEFAULT_MAX_RECORDS, DEFAULT_MAX_SECONDS, previewControls, previewDecorations, previewEnded, previewLimitsSchema, progressLine, type PreviewLimits } from "./preview-state";

/** How often a running preview is asked for news. */
const POLL_MS = 1_000;

interface Started {
  readonly previewId: string;
  readonly limits: PreviewLimits;
  /** The document the preview runs, to say when the editor has moved on. */
  readonly yaml: string;
}

/**
 * The builder's Preview tab: runs the document against the cluster's real topics for a bounded
 * number of records or seconds (sinks write nothing), and shows what went in and out of every node.
 */
export function PreviewPanel({ clusterId, yaml }: { clusterId: string; yaml: string }) {
  const trpc = useTRPC();
  const drawn = useMemo(() => documentGraph(yaml), [yaml]);
  const [form, setForm] = useState({ maxRecords: String(DEFAULT_MAX_RECORDS), maxSeconds: String(DEFAULT_MAX_SECONDS) });
  const [formError, setFormError] = useState<string | null>(null);
  const [started, setStarted] = useState<Started | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const start = useMutation(trpc.pipelinePreviews.start.mutationOptions());
  const previewId = started?.previewId ?? "";
  const poll = useQuery({
    ...trpc.pipelinePreviews.poll.queryOptions({ previewId }),
    enabled: started !== null,
    // A preview that ended (or that the API no longer knows) has nothing more to say.
    refetchInterval: (query) => (query.state.status === "error" || (query.state.data !== undefined && previewEnded(query.state.data.state)) ? false : POLL_MS),
  });
  const refresh = () => void poll.refetch();
  const pause = useMutation(trpc.pipelinePreviews.pause.mutationOptions({ onSettled: refresh }));
  const resume = useMutation(trpc.pipelinePreviews.resume.mutationOptions({ onSettled: refresh }));
  const stop = useMutation(trpc.pipelinePreviews.stop.mutationOptions({ onSettled: refresh }));

  const state = started === null ? undefined : (poll.data?.state ?? "running");
  const controls = previewControls(state);

  // Leaving the tab ends the preview rather than letting it capture records nobody will see.
  const stopOnLeave = useRef({ stop: stop.mutate, ended: true });
  useEffect(() => {
    stopOnLeave.current = { stop: stop.mutate, ended: previewEnded(state) };
  });
  useEffect(() => {
    if (started === null) return;
    return () => {
      if (!stopOnLeave.current.ended) stopOnLeave.current.stop({ previewId: started.previewId });
    };
  }, [started]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const limits = previewLimitsSchema.safeParse(form);
    if (!limits.success) return setFormError(limits.error.issues[0]?.message ?? "Check the preview's bounds.");
    setFormError(null);
    start.mutate({ clusterId, yaml, ...limits.data }, { onSuccess: ({ previewId: id }) => setStarted({ previewId: id, limits: limits.data, yaml }) });
  };

  const decorations = useMemo(() => (drawn.ok ? previewDecorations(drawn.graph, poll.data) : {}), [drawn, poll.data]);
  const failure = start.error ?? poll.error ?? pause.error ?? resume.error ?? stop.error;
  const selectedNode = drawn.ok && selected !== null ? drawn.graph.nodes.find((node) => node.id === selected) : undefined;

  return (
    <div className="space-y-4" data-testid="preview-panel">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <div className="w-36">
          <TextField label="Max records" inputMode="numeric" value={form.maxRecords} onChange={(e) => setForm({ ...form, maxRecords: e.target.value })} disabled={!controls.start} />
        </div>
        <div className="w-36">
          <TextField label="Max seconds" inputMode="numeric" value={form.maxSeconds} onChange={(e) => setForm({ ...form, maxSeconds: e.target.value })} disabled={!controls.start} />
        </div>
        <Button type="submit" busy={start.isPending} disabled={!controls.start || !drawn.ok}>
          Start preview
        </Button>
        {controls.pause && (
          <Button variant="secondary" busy={pause.isPending} onClick={() => pause.mutate({ previewId })}>
            Pause
          </Button>
        )}
        {controls.resume && (
          <Button variant="secondary" busy={resume.isPending} onClick={() => resume.mutate({ previewId })}>
            Resume
          </Button>
        )}
        {controls.stop && (
          <Button variant="secondary" busy={stop.isPending} onClick={() => stop.mutate({ previewId })}>
            Stop
          </Button>
        )}
      </form>
      <p className="text-xs text-slate-500">Sinks write nothing during a preview; source connectors hand their records to the preview instead of their topics.</p>
      {formError !== null && <Alert tone="error">{formError}</Alert>}
      {failure && <Alert tone="error">{errorMessage(failure)}</Alert>}
      {started !== null && poll.data !== undefined && (
        <p data-testid="preview-progress" data-state={poll.data.state} className="text-sm text-slate-700 tabular-nums">
          {progressLine(poll.data, started.limits)}
        </p>
      )}
      {started !== null && started.yaml !== yaml && <Alert tone="warning">The document changed since this preview started; start again to preview the changes.</Alert>}
      {!drawn.ok ? (
        <Alert tone="warning" title="The pipeline cannot be drawn">
          {drawn.message}
        </Alert>
      ) : (
        <GraphView graph={drawn.graph} decorations={decorations} selected={selected} onSelect={setSelected} label="Preview graph" />
      )}
      {selectedNode !== undefined && (
        <PreviewNodeDetail clusterId={clusterId} node={selectedNode} module={drawn.ok ? stepModule(drawn.spec, selectedNode.id) : null} seen={poll.data?.nodes[selectedNode.id]} />
      )}
    </div>
  );
}
