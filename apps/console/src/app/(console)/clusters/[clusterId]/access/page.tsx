import type { Metadata } from "next";
import { AccessPage } from "@/features/access/access-page";

export const metadata: Metadata = { title: "Access" };

export default async function ClusterAccessPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <AccessPage clusterId={clusterId} />;
}
