import type { Metadata } from "next";
import { SmartModulesPage } from "@/features/smartmodules/smartmodules-page";

export const metadata: Metadata = { title: "SmartModules" };

export default async function ClusterSmartModulesPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <SmartModulesPage clusterId={clusterId} />;
}
