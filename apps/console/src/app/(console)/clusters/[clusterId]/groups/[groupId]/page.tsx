import type { Metadata } from "next";
import { GroupDetail } from "@/features/groups/group-detail";

export const metadata: Metadata = { title: "Consumer group" };

export default async function GroupPage({ params }: { params: Promise<{ clusterId: string; groupId: string }> }) {
  const { clusterId, groupId } = await params;
  return <GroupDetail clusterId={clusterId} groupId={decodeURIComponent(groupId)} />;
}
