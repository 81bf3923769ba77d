import { CopyButton } from "@/components/ui/copy-button";
import { CA_FILE } from "./connect-snippets";

type EndpointCluster = { region: string; plan: string; spus: number; tlsCaPem: string | null };

export function EndpointList({ cluster, bootstrap }: { cluster: EndpointCluster; bootstrap: string | null }) {
  return (
    <dl className="grid gap-x-8 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="font-medium text-slate-500">Bootstrap</dt>
      <dd className="flex items-center gap-3">
        {bootstrap ? (
          <>
            <code data-testid="bootstrap" className="font-mono">
              {bootstrap}
            </code>
            <CopyButton text={bootstrap} label="Copy bootstrap" />
          </>
        ) : (
          <span className="text-slate-500">Assigned when the cluster is running</span>
        )}
      </dd>
      <dt className="font-medium text-slate-500">Authentication</dt>
      <dd>SCRAM-SHA-256 over SASL_SSL or SASL_PLAINTEXT · PLAIN over SASL_SSL only</dd>
      <dt className="font-medium text-slate-500">TLS</dt>
      <dd className="flex items-center gap-3">
        {cluster.tlsCaPem ? (
          <>
            <span>Brokers present a certificate signed by this cluster&apos;s own CA.</span>
            <a data-testid="tls-ca-download" className="text-brand-700 hover:underline" download={CA_FILE} href={`data:application/x-pem-file;charset=utf-8,${encodeURIComponent(cluster.tlsCaPem)}`}>
              Download {CA_FILE}
            </a>
            <CopyButton text={cluster.tlsCaPem} label="Copy CA certificate" />
          </>
        ) : (
          <span className="text-slate-500">The cluster&apos;s CA is issued when it first runs</span>
        )}
      </dd>
      <dt className="font-medium text-slate-500">Region</dt>
      <dd>{cluster.region}</dd>
      <dt className="font-medium text-slate-500">Plan</dt>
      <dd className="capitalize">
        {cluster.plan} · {cluster.spus} SPU{cluster.spus === 1 ? "" : "s"}
      </dd>
    </dl>
  );
}
