import type { Metadata } from "next";
import { DataflowsPage } from "@/features/dataflows/dataflows-page";

export const metadata: Metadata = { title: "Dataflows" };

export default async function ClusterDataflowsPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <DataflowsPage clusterId={clusterId} />;
}
