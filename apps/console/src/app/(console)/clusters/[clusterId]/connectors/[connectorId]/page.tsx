import type { Metadata } from "next";
import { ConnectorDetail } from "@/features/connectors/connector-detail";

export const metadata: Metadata = { title: "Connector" };

export default async function ConnectorPage({ params }: { params: Promise<{ clusterId: string; connectorId: string }> }) {
  const { clusterId, connectorId } = await params;
  return <ConnectorDetail clusterId={clusterId} connectorId={connectorId} />;
}
