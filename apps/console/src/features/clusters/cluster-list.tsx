"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { bootstrapOf } from "./bootstrap";
import { ClusterStatusBadge } from "./cluster-status";
import { useLiveCluster } from "./use-live-cluster";

type ClusterRow = RouterOutputs["clusters"]["list"][number];

function ClusterListRow({ cluster }: { cluster: ClusterRow }) {
  useLiveCluster(cluster.id, cluster.status);
  const bootstrap = bootstrapOf(cluster);
  return (
    <tr>
      <Td>
        <Link href={`/clusters/${cluster.id}`} className="font-medium text-brand-700 hover:underline">
          {cluster.name}
        </Link>
      </Td>
      <Td>
        <ClusterStatusBadge status={cluster.status} />
      </Td>
      <Td className="capitalize">{cluster.plan}</Td>
      <Td>{cluster.spus}</Td>
      <Td className="font-mono text-xs">{bootstrap ?? "—"}</Td>
      <Td>
        <Time value={cluster.createdAt} />
      </Td>
    </tr>
  );
}

export function ClusterList() {
  const trpc = useTRPC();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  if (clusters.isPending) return <p role="status" className="text-sm text-slate-500">Loading clusters…</p>;
  if (clusters.error) return <Alert tone="error">{errorMessage(clusters.error)}</Alert>;
  if (clusters.data.length === 0) return <EmptyState>No clusters yet. Create one above; it is ready in seconds.</EmptyState>;
  return (
    <Table caption="Clusters">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Status</Th>
          <Th>Plan</Th>
          <Th>SPUs</Th>
          <Th>Bootstrap</Th>
          <Th>Created</Th>
        </tr>
      </thead>
      <Tbody>
        {clusters.data.map((cluster) => (
          <ClusterListRow key={cluster.id} cluster={cluster} />
        ))}
      </Tbody>
    </Table>
  );
}
