"use client";

import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc";
import { CredentialsPanel } from "../credentials/credentials-panel";
import { ClusterMetrics } from "../metrics/cluster-metrics";
import { bootstrapOf } from "./bootstrap";
import { EndpointList } from "./endpoint-list";

/** The overview section of a running cluster (the frame around it shows its name, status and tabs). */
export function ClusterDetail({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const cluster = useQuery(trpc.clusters.get.queryOptions({ clusterId }));
  if (!cluster.data) return null;
  const row = cluster.data;
  const bootstrap = bootstrapOf(row);
  return (
    <div className="space-y-6">
      {row.status === "Running" && <ClusterMetrics clusterId={row.id} />}
      <Card title="Endpoints" description="Kafka clients connect to the bootstrap address with SASL, over TLS (trusting the cluster's CA) or plaintext.">
        <EndpointList cluster={row} bootstrap={bootstrap} />
      </Card>
      {bootstrap !== null && <CredentialsPanel clusterId={row.id} bootstrap={bootstrap} caPem={row.tlsCaPem} />}
    </div>
  );
}
