import { CopyButton } from "@/components/ui/copy-button";

type EndpointCluster = { region: string; plan: string; spus: number };

export function EndpointList({ cluster, bootstrap }: { cluster: EndpointCluster; bootstrap: string | null }) {
  return (
    <dl className="grid gap-x-8 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="font-medium text-slate-500">Bootstrap</dt>
      <dd className="flex items-center gap-3">
        {bootstrap ? (
          <>
            <code data-testid="bootstrap" className="font-mono">{bootstrap}</code>
            <CopyButton text={bootstrap} label="Copy bootstrap" />
          </>
        ) : (
          <span className="text-slate-500">Assigned when the cluster is running</span>
        )}
      </dd>
      <dt className="font-medium text-slate-500">Authentication</dt>
      <dd>SASL_PLAINTEXT · SCRAM-SHA-256</dd>
      <dt className="font-medium text-slate-500">Region</dt>
      <dd>{cluster.region}</dd>
      <dt className="font-medium text-slate-500">Plan</dt>
      <dd className="capitalize">
        {cluster.plan} · {cluster.spus} SPU{cluster.spus === 1 ? "" : "s"}
      </dd>
    </dl>
  );
}
