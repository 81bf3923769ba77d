"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { errorCode, errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";
import { clusterListHref, type ClusterGone } from "./cluster-gone";
import { ClusterStatusBadge } from "./cluster-status";
import { ClusterTabs } from "./cluster-tabs";
import { DeleteClusterButton } from "./delete-cluster-button";
import { useLiveCluster } from "./use-live-cluster";

const DELETING_MESSAGE = "The cluster is being deleted: its processes stop and its data is removed.";

/**
 * The frame of every page of one cluster: its name and status, the delete action and the
 * section tabs. The sections (`children`) render only while the cluster is Running; before
 * and while it is deleted, the frame says why they are not there; once it is Deleted (or there is
 * no such cluster) the person is taken back to the list, which says what happened.
 */
export function ClusterFrame({ clusterId, children }: { clusterId: string; children: ReactNode }) {
  const trpc = useTRPC();
  const cluster = useQuery(trpc.clusters.get.queryOptions({ clusterId }));
  const live = useLiveCluster(clusterId, cluster.data?.status ?? "Pending");
  const { canAdminister } = usePermissions();
  const router = useRouter();
  const queryClient = useQueryClient();
  const gone: ClusterGone | null = cluster.data?.status === "Deleted" ? { reason: "deleted", name: cluster.data.name } : errorCode(cluster.error) === "NOT_FOUND" ? { reason: "not-found" } : null;
  const goneHref = gone === null ? null : clusterListHref(gone);
  useEffect(() => {
    if (goneHref === null) return;
    // The list may be cached from before the deletion: it must not show the cluster it says is gone.
    const listKey = trpc.clusters.list.queryKey();
    queryClient.setQueryData(listKey, (rows) => rows?.filter((c) => c.id !== clusterId));
    void queryClient.invalidateQueries({ queryKey: listKey });
    router.replace(goneHref);
  }, [goneHref, router, queryClient, trpc, clusterId]);

  if (cluster.isPending || gone !== null)
    return (
      <p role="status" className="text-sm text-slate-500">
        {gone === null ? "Loading cluster…" : "Back to the cluster list…"}
      </p>
    );
  if (cluster.error) {
    return (
      <Alert tone="error" title="Could not load the cluster">
        {errorMessage(cluster.error)}{" "}
        <Link href="/clusters" className="underline">
          Back to clusters
        </Link>
      </Alert>
    );
  }

  const row = cluster.data;
  const leaving = row.status === "Deleting" || row.status === "Deleted";
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3 break-all">
            {row.name} <ClusterStatusBadge status={row.status} />
          </span>
        }
        description={
          <>
            <Link href="/clusters" className="text-brand-700 hover:underline">
              Clusters
            </Link>{" "}
            / {row.name}
            {live.mode === "polling" && <span className="ml-2">(live updates unavailable, refreshing every few seconds)</span>}
          </>
        }
        actions={leaving || !canAdminister ? undefined : <DeleteClusterButton clusterId={row.id} name={row.name} />}
      />
      {row.status === "Failed" && (
        <Alert tone="error" title="Provisioning failed">
          The cluster could not be started. Delete it and create it again.
        </Alert>
      )}
      {row.status === "Running" ? (
        <>
          <ClusterTabs clusterId={row.id} />
          {children}
        </>
      ) : (
        <Alert tone="info">{leaving ? DELETING_MESSAGE : "The cluster's topics, groups and credentials become available once it is Running."}</Alert>
      )}
    </>
  );
}
