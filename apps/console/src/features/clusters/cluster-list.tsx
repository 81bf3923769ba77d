"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
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
  return (
    <QueryTable
      query={clusters}
      rows={clusters.data}
      loading="Loading clusters…"
      empty="No clusters yet. Create one above; it is ready in seconds."
      caption="Clusters"
      columns={["Name", "Status", "Plan", "SPUs", "Bootstrap", "Created"]}
    >
      {(cluster) => <ClusterListRow key={cluster.id} cluster={cluster} />}
    </QueryTable>
  );
}
