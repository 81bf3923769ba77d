import { Badge, type BadgeTone } from "@/components/ui/badge";

export type ClusterStatus = "Pending" | "Provisioning" | "Running" | "Failed" | "Deleting" | "Deleted";

/** Statuses the provisioning worker will still move on from; only these are watched live. */
export const TRANSITIONAL_STATUSES: ReadonlySet<string> = new Set<ClusterStatus>(["Pending", "Provisioning", "Deleting"]);

function toneOf(status: string): BadgeTone {
  switch (status) {
    case "Running":
      return "good";
    case "Failed":
      return "bad";
    case "Pending":
    case "Provisioning":
    case "Deleting":
      return "progress";
    default:
      return "neutral";
  }
}

export function ClusterStatusBadge({ status }: { status: string }) {
  return (
    <span data-testid="cluster-status" data-status={status}>
      <Badge tone={toneOf(status)} pulse={TRANSITIONAL_STATUSES.has(status)}>
        {status}
      </Badge>
    </span>
  );
}
