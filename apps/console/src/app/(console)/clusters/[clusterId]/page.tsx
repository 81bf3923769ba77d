import type { Metadata } from "next";
import { ClusterDetail } from "@/features/clusters/cluster-detail";

export const metadata: Metadata = { title: "Cluster" };

export default async function ClusterPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <ClusterDetail clusterId={clusterId} />;
}
