import type { Metadata } from "next";
import { ConnectorsPage } from "@/features/connectors/connectors-page";

export const metadata: Metadata = { title: "Connectors" };

export default async function ClusterConnectorsPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <ConnectorsPage clusterId={clusterId} />;
}
