import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ClusterList } from "@/features/clusters/cluster-list";
import { CreateClusterForm } from "@/features/clusters/create-cluster-form";

export const metadata: Metadata = { title: "Clusters" };

export default function ClustersPage() {
  return (
    <>
      <PageHeader title="Clusters" description="Kafka-compatible Freshet clusters in this organization. Status updates live." />
      <div className="space-y-6">
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
