import type { Metadata } from "next";
import { GroupsList } from "@/features/groups/groups-list";

export const metadata: Metadata = { title: "Consumer groups" };

export default async function GroupsPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <GroupsList clusterId={clusterId} />;
}
