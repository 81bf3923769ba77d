import type { ReactNode } from "react";
import { ClusterFrame } from "@/features/clusters/cluster-frame";

export default async function ClusterLayout({ params, children }: { params: Promise<{ clusterId: string }>; children: ReactNode }) {
  const { clusterId } = await params;
  return <ClusterFrame clusterId={clusterId}>{children}</ClusterFrame>;
}
