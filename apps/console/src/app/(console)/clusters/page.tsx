import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { clusterGoneNotice } from "@/features/clusters/cluster-gone";
import { ClusterList } from "@/features/clusters/cluster-list";
import { CreateClusterForm } from "@/features/clusters/create-cluster-form";

export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Set by a cluster's page when it sends the person back here (see cluster-gone.ts).
  const notice = clusterGoneNotice(await searchParams);
  return (
    <>
      <PageHeader title="Clusters" description="Kafka-compatible Freshet clusters in this organization. Status updates live." />
      <div className="space-y-6">
        {notice && <Alert tone="info">{notice}</Alert>}
        <Card title="New cluster">
          <CreateClusterForm />
        </Card>
        <Card title="Your clusters">
          <ClusterList />
        </Card>
      </div>
    </>
  );
}
