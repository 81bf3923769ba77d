import { Badge, type BadgeTone } from "@/components/ui/badge";

const TRANSITIONAL: ReadonlySet<string> = new Set(["Pending", "Deploying", "Deleting"]);
const TONES: Record<string, BadgeTone> = { Running: "good", Failed: "bad", Pending: "progress", Deploying: "progress", Deleting: "progress" };

/** How often dataflow and view pages ask again (status comes live from the process). */
export const DATAFLOW_REFRESH_MS = 2_000;

export function DataflowStatusBadge({ status }: { status: string }) {
  return (
    <span data-testid="dataflow-status" data-status={status}>
      <Badge tone={TONES[status] ?? "neutral"} pulse={TRANSITIONAL.has(status)}>
        {status}
      </Badge>
    </span>
  );
}
