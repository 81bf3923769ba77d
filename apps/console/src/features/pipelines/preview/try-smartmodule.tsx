"use client";

import { useMutation } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/error-message";
import type { Sample } from "./preview-state";
import { runTrial } from "./run-trial";
import { ErrorList, SampleTable } from "./sample-table";
import type { StepModule } from "./smartmodule-step";

type LoadedModule = Extract<StepModule, { loaded: true }>;

/** The module's component from the cluster (GET /api/smartmodules/component: bytes, too large for a JSON call). */
async function fetchComponent(clusterId: string, module: LoadedModule): Promise<Uint8Array> {
  const query = new URLSearchParams({ clusterId, name: module.name, ...(module.version !== null && { version: module.version }) });
  const response = await fetch(`/api/smartmodules/component?${query.toString()}`);
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? "The SmartModule could not be fetched from the cluster.");
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Runs the node's SmartModule in this browser over the preview's input samples, so a change to its
 * params (or a new version) can be tried without starting the pipeline again.
 */
export function TrySmartModule({ clusterId, module, samples }: { clusterId: string; module: StepModule; samples: readonly Sample[] }) {
  const trial = useMutation({
    mutationFn: async (loaded: LoadedModule) => runTrial({ component: await fetchComponent(clusterId, loaded), name: loaded.name, params: loaded.params, samples }),
  });
  if (!module.loaded) {
    return <p className="text-sm text-slate-500">This step runs {module.path}, a file beside the document: try it with the CLI (freshet sm test), or load it into the cluster to try it here.</p>;
  }
  return (
    <div data-testid="smartmodule-trial" className="space-y-3">
      <div className="flex items-center gap-3">
        <Button variant="secondary" size="sm" busy={trial.isPending} disabled={samples.length === 0} onClick={() => trial.mutate(module)}>
          Try in the browser
        </Button>
        <p className="text-xs text-slate-500">
          {samples.length === 0
            ? "The preview has no input records for this step yet."
            : `Runs ${module.name}${module.version === null ? "" : `@${module.version}`} over the ${samples.length} records in, in this browser.`}
        </p>
      </div>
      {trial.error && <Alert tone="error">{errorMessage(trial.error)}</Alert>}
      {trial.data !== undefined && (
        <div className="space-y-2">
          <SampleTable caption="Trial output" samples={trial.data.out} testId="trial-out" />
          <ErrorList errors={trial.data.errors} empty="Every record went through." />
        </div>
      )}
    </div>
  );
}
