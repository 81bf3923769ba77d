import { clusterNameSchema } from "@freshet/control-plane/limits/cluster";

/**
 * Where a cluster's page sends the person once the cluster is gone, and the sentence the list
 * then shows. The reason travels in the list's URL, so the notice survives the navigation
 * (and a reload) without any client state.
 */
export type ClusterGone = { reason: "deleted"; name: string } | { reason: "not-found" };

export function clusterListHref(gone: ClusterGone): `/clusters?${string}` {
  const query = gone.reason === "deleted" ? new URLSearchParams({ deleted: gone.name }) : new URLSearchParams({ missing: "1" });
  return `/clusters?${query.toString()}`;
}

/**
 * The notice for the list's search parameters; null when the list was opened plainly. Anyone can
 * write such a link, so only a well-formed cluster name is echoed, never free text.
 */
export function clusterGoneNotice(params: Record<string, string | string[] | undefined>): string | null {
  const deleted = clusterNameSchema.safeParse(params.deleted);
  if (deleted.success) return `Cluster ${deleted.data} was deleted; its topics, records and credentials are gone.`;
  if (params.missing !== undefined) return "That cluster does not exist in this organization; it may have been deleted, or belong to another organization.";
  return null;
}
