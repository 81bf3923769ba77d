import { Badge, type BadgeTone } from "@/components/ui/badge";

/** Statuses the worker will still move on from. */
const TRANSITIONAL: ReadonlySet<string> = new Set(["Pending", "Deploying", "Deleting"]);

const TONES: Record<string, BadgeTone> = { Running: "good", Failed: "bad", Pending: "progress", Deploying: "progress", Deleting: "progress" };

/** How often connector pages ask again: the worker copies status, counters and logs on each reconcile. */
export const CONNECTOR_REFRESH_MS = 2_000;

export function ConnectorStatusBadge({ status }: { status: string }) {
  return (
    <span data-testid="connector-status" data-status={status}>
      <Badge tone={TONES[status] ?? "neutral"} pulse={TRANSITIONAL.has(status)}>
        {status}
      </Badge>
    </span>
  );
}
