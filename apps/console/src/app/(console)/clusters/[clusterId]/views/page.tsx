import type { Metadata } from "next";
import { ViewsPage } from "@/features/dataflows/views-page";

export const metadata: Metadata = { title: "Views" };

export default async function ClusterViewsPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <ViewsPage clusterId={clusterId} />;
}
