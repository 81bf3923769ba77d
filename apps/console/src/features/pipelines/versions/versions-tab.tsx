"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { DiffSummary } from "../deploy/diff-summary";

/**
 * Every deployed version (immutable), newest first. One can be compared with the document being
 * edited, and restored: a restore deploys the old document as a new version.
 */
export function VersionsTab({ pipelineId, yaml, canChange, onRestored }: { pipelineId: string; yaml: string; canChange: boolean; onRestored: (yaml: string, version: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.pipelines.versions.queryOptions({ pipelineId }));
  const [compared, setCompared] = useState<number | null>(null);
  const restore = useMutation(trpc.pipelines.restore.mutationOptions());
  const restoreVersion = async (version: number) => {
    const { yaml: old } = await queryClient.fetchQuery(trpc.pipelines.version.queryOptions({ pipelineId, version }));
    const restored = await restore.mutateAsync({ pipelineId, version });
    void queryClient.invalidateQueries({ queryKey: trpc.pipelines.pathKey() });
    onRestored(old, restored.version);
  };
  return (
    <div className="space-y-4">
      {versions.error && <Alert tone="error">{errorMessage(versions.error)}</Alert>}
      {restore.error && <Alert tone="error">{errorMessage(restore.error)}</Alert>}
      {versions.data?.length === 0 && <p className="text-sm text-slate-500">Not deployed yet: each deploy becomes a version here.</p>}
      {versions.data !== undefined && versions.data.length > 0 && (
        <Table caption="Versions">
          <thead>
            <tr>
              {["Version", "Deployed", "By", ""].map((column) => (
                <Th key={column}>{column}</Th>
              ))}
            </tr>
          </thead>
          <Tbody>
            {versions.data.map((row) => (
              <tr key={row.version} data-version={row.version}>
                <Td className="font-mono">
                  v{row.version}
                  {row.restoredFrom !== null && <span className="ml-2 text-xs text-slate-500">restored from v{row.restoredFrom}</span>}
                </Td>
                <Td className="tabular-nums">{new Date(row.deployedAt).toLocaleString("en-GB")}</Td>
                <Td>{row.deployedBy ?? "–"}</Td>
                <Td className="space-x-2 text-right">
                  <Button variant="secondary" size="sm" onClick={() => setCompared(compared === row.version ? null : row.version)}>
                    {compared === row.version ? "Hide" : "Compare"}
                  </Button>
                  {canChange && (
                    <Button variant="secondary" size="sm" busy={restore.isPending && restore.variables.version === row.version} onClick={() => void restoreVersion(row.version)}>
                      Restore
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
      {compared !== null && <Comparison pipelineId={pipelineId} yaml={yaml} version={compared} />}
    </div>
  );
}

/** A version against the document being edited: the structured diff, then both texts. */
function Comparison({ pipelineId, yaml, version }: { pipelineId: string; yaml: string; version: number }) {
  const trpc = useTRPC();
  const diff = useQuery({ ...trpc.pipelines.diff.queryOptions({ pipelineId, yaml, against: version }), retry: false });
  if (diff.error) return <Alert tone="error">{errorMessage(diff.error)}</Alert>;
  if (diff.data === undefined) return <p className="text-sm text-slate-500">Comparing…</p>;
  return (
    <section aria-label={`Compare v${version.toString()}`} className="space-y-3">
      <h3 className="text-sm font-semibold text-slate-900">v{version} → the document being edited</h3>
      <DiffSummary label={`Changes since v${version.toString()}`} diff={diff.data.diff} plan={diff.data.plan} />
      <div className="grid grid-cols-2 gap-3">
        {[
          [`v${version.toString()}`, diff.data.before],
          ["Being edited", diff.data.after],
        ].map(([title, text]) => (
          <figure key={title} className="min-w-0">
            <figcaption className="mb-1 text-xs font-medium text-slate-600">{title}</figcaption>
            <pre className="max-h-96 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs ring-1 ring-slate-200">{text}</pre>
          </figure>
        ))}
      </div>
    </section>
  );
}
