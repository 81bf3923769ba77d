"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/class-names";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { DeployDialog } from "./deploy/deploy-dialog";
import { documentView } from "./editor/document-graph";
import { EditorTab } from "./editor/editor-tab";
import { useDocumentHistory } from "./editor/use-document-history";
import { useDraftAutosave, type DraftState } from "./editor/use-draft-autosave";
import { PIPELINE_REFRESH_MS, PipelineStatusBadge } from "./pipeline-status";
import { PreviewPanel } from "./preview/preview-panel";
import { RunView } from "./run/run-view";
import { VersionsTab } from "./versions/versions-tab";

type Pipeline = RouterOutputs["pipelines"]["get"];

const TABS = ["Editor", "Preview", "Run", "Versions"] as const;
type Tab = (typeof TABS)[number];

/** How long typing rests before the server validates the document (connector configs included). */
const VALIDATE_AFTER_MS = 400;

/** The builder page: loads the pipeline, then edits its draft (or, without one, the running version's document). */
export function PipelineBuilder({ clusterId, pipelineId }: { clusterId: string; pipelineId: string }) {
  const trpc = useTRPC();
  const pipeline = useQuery({ ...trpc.pipelines.get.queryOptions({ pipelineId }), refetchInterval: PIPELINE_REFRESH_MS });
  if (pipeline.error) return <Alert tone="error">{errorMessage(pipeline.error)}</Alert>;
  if (pipeline.data === undefined) return <p className="text-sm text-slate-500">Loading pipeline…</p>;
  return <Workspace key={pipeline.data.id} clusterId={clusterId} pipeline={pipeline.data} />;
}

function Workspace({ clusterId, pipeline }: { clusterId: string; pipeline: Pipeline }) {
  const trpc = useTRPC();
  const { canChange } = usePermissions();
  const document = useDocumentHistory(pipeline.draft?.yaml ?? pipeline.current?.yaml ?? "");
  const draft = useDraftAutosave(pipeline.id, document.text);
  const [tab, setTab] = useState<Tab>("Editor");
  const [deploying, setDeploying] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const [settled, setSettled] = useState(document.text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(document.text), VALIDATE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [document.text]);
  const validation = useQuery({ ...trpc.pipelines.validate.queryOptions({ yaml: settled }), enabled: settled.trim() !== "", retry: false, placeholderData: keepPreviousData });
  // The server's problems once it has seen this text; the local parse's meanwhile, so a typo shows at once.
  const local = useMemo(() => documentView(document.text)?.problems ?? [], [document.text]);
  const server = validation.data !== undefined && !validation.isPlaceholderData && settled === document.text ? validation.data : null;
  const problems = server === null ? local : server.ok ? [] : server.problems;

  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <Link href={`/clusters/${clusterId}/pipelines` as Route} className="text-sm text-brand-700 hover:underline">
            Pipelines
          </Link>
          <h2 className="font-mono text-lg font-semibold text-slate-900">{pipeline.name}</h2>
          <PipelineStatusBadge status={pipeline.status} />
          <span className="text-sm text-slate-500">{pipeline.current === null ? "not deployed" : `running v${pipeline.current.version.toString()}`}</span>
          <DraftNote draft={draft} />
        </div>
        <div className="flex items-center gap-2">
          <Button variant="secondary" size="sm" disabled={!document.canUndo} onClick={document.undo} title="Undo (Ctrl+Z)">
            Undo
          </Button>
          <Button variant="secondary" size="sm" disabled={!document.canRedo} onClick={document.redo} title="Redo (Ctrl+Shift+Z)">
            Redo
          </Button>
          {canChange ? (
            <Button size="sm" disabled={problems.length > 0} onClick={() => setDeploying(true)}>
              Deploy…
            </Button>
          ) : (
            <span className="text-sm text-slate-500">{READ_ONLY_NOTE}</span>
          )}
        </div>
      </header>
      {pipeline.statusReason !== null && (
        <p data-testid="pipeline-reason" className="text-sm break-words text-red-700">
          {pipeline.statusReason}
        </p>
      )}
      {notice !== null && (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      )}
      <nav aria-label="Pipeline" className="border-b border-slate-200">
        <ul className="-mb-px flex gap-1" role="tablist">
          {TABS.map((name) => (
            <li key={name}>
              <button
                type="button"
                role="tab"
                aria-selected={tab === name}
                onClick={() => setTab(name)}
                className={cx("border-b-2 px-3 py-2 text-sm font-medium", tab === name ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900")}
              >
                {name}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {tab === "Editor" && <EditorTab clusterId={clusterId} pipelineName={pipeline.name} document={document} problems={problems} />}
      {tab === "Preview" && <PreviewPanel clusterId={clusterId} yaml={document.text} />}
      {/* The Run tab draws the deployed version, not the document being edited. */}
      {tab === "Run" &&
        (pipeline.current === null ? (
          <p className="text-sm text-slate-500">Not deployed yet: deploy the pipeline to watch it run.</p>
        ) : (
          <RunView pipelineId={pipeline.id} yaml={pipeline.current.yaml} />
        ))}
      {tab === "Versions" && (
        <VersionsTab
          pipelineId={pipeline.id}
          yaml={document.text}
          canChange={canChange}
          onRestored={(yaml, version) => {
            document.edit(() => yaml);
            setNotice(`Restored as version ${version.toString()}.`);
          }}
        />
      )}
      {deploying && (
        <DeployDialog
          pipelineId={pipeline.id}
          yaml={document.text}
          onClose={() => setDeploying(false)}
          onDeployed={(version) => {
            setDeploying(false);
            setNotice(`Deployed version ${version.toString()}.`);
          }}
        />
      )}
    </div>
  );
}

function DraftNote({ draft }: { draft: DraftState }) {
  switch (draft.state) {
    case "clean":
      return null;
    case "saving":
      return <span className="text-xs text-slate-500">Saving draft…</span>;
    case "saved":
      return (
        <span data-testid="draft-saved" className="text-xs text-slate-500">
          Draft saved {new Date(draft.at).toLocaleTimeString("en-GB")}
        </span>
      );
    case "failed":
      return <span className="text-xs text-red-700">The draft was not saved: {draft.reason}</span>;
  }
}
