import type { PipelineNode } from "@freshet/pipeline/graph";
import type { PreviewNode } from "./preview-state";
import { ErrorList, SampleTable } from "./sample-table";
import type { StepModule } from "./smartmodule-step";
import { TrySmartModule } from "./try-smartmodule";

/** The clicked node in a preview: the records it read and wrote (the last few of each), and what failed. */
export function PreviewNodeDetail({ clusterId, node, module, seen }: { clusterId: string; node: PipelineNode; module: StepModule | null; seen: PreviewNode | undefined }) {
  return (
    <section aria-label={`Node ${node.id}`} data-testid="preview-node-detail" data-node={node.id} className="space-y-4 rounded-md p-4 ring-1 ring-slate-200">
      <header>
        <h3 className="font-mono text-sm font-semibold text-slate-900">{node.id}</h3>
        <p className="text-xs text-slate-500">
          {node.kind}
          {node.summary && ` · ${node.summary}`}
          {seen !== undefined && ` · ${seen.inCount} in, ${seen.outCount} out`}
        </p>
      </header>
      <ErrorList errors={seen?.errors ?? []} empty="No errors in this preview." />
      <div className="grid gap-4 lg:grid-cols-2">
        <SampleTable caption="Records in" samples={seen?.in ?? []} testId="samples-in" />
        <SampleTable caption="Records out" samples={seen?.out ?? []} testId="samples-out" />
      </div>
      {module !== null && <TrySmartModule key={node.id} clusterId={clusterId} module={module} samples={seen?.in ?? []} />}
    </section>
  );
}
