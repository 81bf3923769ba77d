"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { DiffSummary } from "./diff-summary";

/** Deploy: the diff against the running version and what it redeploys, shown before anything is touched. */
export function DeployDialog({ pipelineId, yaml, onClose, onDeployed }: { pipelineId: string; yaml: string; onClose: () => void; onDeployed: (version: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const diff = useQuery({ ...trpc.pipelines.diff.queryOptions({ pipelineId, yaml }), retry: false });
  const deploy = useMutation(
    trpc.pipelines.deploy.mutationOptions({
      onSuccess: ({ version }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.pipelines.pathKey() });
        onDeployed(version);
      },
    }),
  );
  return (
    <div role="dialog" aria-modal="true" aria-label="Deploy pipeline" className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4">
      <div className="max-h-[80vh] w-full max-w-2xl space-y-4 overflow-y-auto rounded-lg bg-white p-6 shadow-xl">
        <h2 className="text-lg font-semibold text-slate-900">Deploy a new version</h2>
        {diff.error && <Alert tone="error">{errorMessage(diff.error)}</Alert>}
        {diff.data === undefined ? (
          !diff.error && <p className="text-sm text-slate-500">Comparing with the running version…</p>
        ) : (
          <DiffSummary label="Changes" diff={diff.data.diff} plan={diff.data.plan} />
        )}
        {deploy.error && <Alert tone="error">{errorMessage(deploy.error)}</Alert>}
        <div className="flex gap-3">
          <Button disabled={diff.data === undefined} busy={deploy.isPending} onClick={() => deploy.mutate({ pipelineId, yaml })}>
            Deploy
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </div>
    </div>
  );
}
