import type { Metadata } from "next";
import { PipelinesPage } from "@/features/pipelines/pipelines-page";

export const metadata: Metadata = { title: "Pipelines" };

export default async function ClusterPipelinesPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <PipelinesPage clusterId={clusterId} />;
}
