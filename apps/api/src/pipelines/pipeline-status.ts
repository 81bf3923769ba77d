import type { Connector, Dataflow, Pipeline } from "@freshet/db/client";

export const PIPELINE_STATUSES = ["Draft", "Deploying", "Running", "Stopped", "Failed", "Deleted"] as const;
export type PipelineStatusView = (typeof PIPELINE_STATUSES)[number];

type Component = Pick<Connector, "name" | "status" | "statusReason"> | Pick<Dataflow, "name" | "status" | "statusReason">;

/**
 * What a pipeline reports: its own state while it is a draft or deleted, else a summary of the
 * components it deploys — Failed if any failed (with that component's reason), Deploying while any
 * is on its way, Stopped if a connector was stopped, Running when all run. Components being removed
 * by a later version (Deleting, Deleted) do not count.
 */
export function pipelineStatus(pipeline: Pick<Pipeline, "status" | "statusReason">, components: readonly Component[]): { status: PipelineStatusView; statusReason: string | null } {
  if (pipeline.status === "Draft" || pipeline.status === "Deleted") return { status: pipeline.status, statusReason: null };
  if (pipeline.statusReason !== null) return { status: "Failed", statusReason: pipeline.statusReason };
  const live = components.filter((c) => c.status !== "Deleting" && c.status !== "Deleted");
  const failed = live.find((c) => c.status === "Failed");
  if (failed !== undefined) return { status: "Failed", statusReason: `${failed.name}: ${failed.statusReason ?? "failed without saying why."}` };
  if (live.some((c) => c.status === "Pending" || c.status === "Deploying")) return { status: "Deploying", statusReason: null };
  if (live.some((c) => c.status === "Stopped")) return { status: "Stopped", statusReason: null };
  return { status: "Running", statusReason: null };
}
