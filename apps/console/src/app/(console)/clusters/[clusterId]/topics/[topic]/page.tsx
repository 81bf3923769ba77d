import type { Metadata } from "next";
import { TopicDetail } from "@/features/topics/topic-detail";

export const metadata: Metadata = { title: "Topic" };

export default async function TopicPage({ params }: { params: Promise<{ clusterId: string; topic: string }> }) {
  const { clusterId, topic } = await params;
  return <TopicDetail clusterId={clusterId} topic={decodeURIComponent(topic)} />;
}
