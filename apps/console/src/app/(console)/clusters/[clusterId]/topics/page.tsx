import type { Metadata } from "next";
import { TopicsPage } from "@/features/topics/topics-page";

export const metadata: Metadata = { title: "Topics" };

export default async function ClusterTopicsPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <TopicsPage clusterId={clusterId} />;
}
