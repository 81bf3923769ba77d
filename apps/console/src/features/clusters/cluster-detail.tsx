"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { errorCode, errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { CredentialsPanel } from "../credentials/credentials-panel";
import { usePermissions } from "../orgs/permissions";
import { TopicsPanel } from "../topics/topics-panel";
import { bootstrapOf } from "./bootstrap";
import { ClusterStatusBadge } from "./cluster-status";
import { DeleteClusterButton } from "./delete-cluster-button";
import { EndpointList } from "./endpoint-list";
import { useLiveCluster } from "./use-live-cluster";

const LEAVING_MESSAGES: Record<string, string> = {
  Deleting: "The cluster is being deleted: its processes stop and its data is removed.",
  Deleted: "The cluster was deleted; its topics and credentials are gone.",
};

export function ClusterDetail({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const cluster = useQuery(trpc.clusters.get.queryOptions({ clusterId }));
  const live = useLiveCluster(clusterId, cluster.data?.status ?? "Pending");
  const { canAdminister } = usePermissions();

  if (cluster.isPending)
    return (
      <p role="status" className="text-sm text-slate-500">
        Loading cluster…
      </p>
    );
  if (cluster.error) {
    return (
      <Alert tone="error" title={errorCode(cluster.error) === "NOT_FOUND" ? "No such cluster in this organization" : "Could not load the cluster"}>
        {errorMessage(cluster.error)}{" "}
        <Link href="/clusters" className="underline">
          Back to clusters
        </Link>
      </Alert>
    );
  }

  const row = cluster.data;
  const bootstrap = bootstrapOf(row);
  const leaving = row.status === "Deleting" || row.status === "Deleted";
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {row.name} <ClusterStatusBadge status={row.status} />
          </span>
        }
        description={
          <>
            <Link href="/clusters" className="text-brand-700 hover:underline">
              Clusters
            </Link>{" "}
            / {row.name}
            {live.mode === "polling" && <span className="ml-2">(live updates unavailable, refreshing every few seconds)</span>}
          </>
        }
        actions={leaving || !canAdminister ? undefined : <DeleteClusterButton clusterId={row.id} name={row.name} />}
      />
      <div className="space-y-6">
        {row.status === "Failed" && (
          <Alert tone="error" title="Provisioning failed">
            The cluster could not be started. Delete it and create it again.
          </Alert>
        )}
        <Card title="Endpoints" description="Kafka clients connect to the bootstrap address with SASL, over TLS (trusting the cluster's CA) or plaintext.">
          <EndpointList cluster={row} bootstrap={bootstrap} />
        </Card>
        {row.status === "Running" && bootstrap !== null ? (
          <>
            <CredentialsPanel clusterId={row.id} bootstrap={bootstrap} caPem={row.tlsCaPem} />
            <TopicsPanel clusterId={row.id} />
          </>
        ) : (
          <Alert tone="info">{leaving ? LEAVING_MESSAGES[row.status] : "Credentials and topics become available once the cluster is Running."}</Alert>
        )}
      </div>
    </>
  );
}
