"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect } from "react";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { TRANSITIONAL_STATUSES } from "./cluster-status";

type Cluster = RouterOutputs["clusters"]["get"];

const POLL_MS = 2_000;

/**
 * Keeps a cluster's cached rows current while it is being provisioned or deleted: the
 * clusters.watch subscription pushes each status change into the list and detail caches.
 * Should the event stream fail (a proxy that buffers, a dropped connection), the cluster
 * queries are polled instead until the status settles.
 */
export function useLiveCluster(clusterId: string, status: string): { mode: "idle" | "live" | "polling" } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const transitional = TRANSITIONAL_STATUSES.has(status);

  const subscription = useSubscription(
    trpc.clusters.watch.subscriptionOptions(
      { clusterId },
      {
        enabled: transitional,
        onData: (cluster: Cluster) => {
          queryClient.setQueryData(trpc.clusters.get.queryKey({ clusterId }), cluster);
          // The list holds no deleted clusters (clusters.list leaves them out), so a Deleted one leaves it.
          queryClient.setQueryData(trpc.clusters.list.queryKey(), (rows) =>
            cluster.status === "Deleted" ? rows?.filter((row) => row.id !== cluster.id) : rows?.map((row) => (row.id === cluster.id ? { ...row, ...cluster } : row)),
          );
        },
      },
    ),
  );

  const polling = transitional && subscription.status === "error";
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: trpc.clusters.pathKey() }), POLL_MS);
    return () => clearInterval(timer);
  }, [polling, queryClient, trpc]);

  return { mode: !transitional ? "idle" : polling ? "polling" : "live" };
}
