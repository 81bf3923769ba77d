import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = { Running: "good", Failed: "bad", Deploying: "progress", Draft: "neutral", Stopped: "neutral" };

/** How often pipeline pages ask again for status. */
export const PIPELINE_REFRESH_MS = 2_000;

export function PipelineStatusBadge({ status }: { status: string }) {
  return (
    <span data-testid="pipeline-status" data-status={status}>
      <Badge tone={TONES[status] ?? "neutral"} pulse={status === "Deploying"}>
        {status}
      </Badge>
    </span>
  );
}
