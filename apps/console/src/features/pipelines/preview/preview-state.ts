import type { PipelineGraph } from "@freshet/pipeline/graph";
import { z } from "zod";
import type { NodeDecoration } from "../graph-view/node-decoration";

export type PreviewState = "running" | "paused" | "stopped" | "done" | "failed";

export interface Sample {
  readonly key: string | null;
  readonly value: string;
  readonly time: number;
}

export interface PreviewNode {
  readonly inCount: number;
  readonly outCount: number;
  readonly in: readonly Sample[];
  readonly out: readonly Sample[];
  readonly errors: readonly string[];
}

/** What `pipelinePreviews.poll` answers. */
export interface PreviewPoll {
  readonly state: PreviewState;
  readonly reason: string | null;
  readonly elapsedMs: number;
  readonly records: number;
  readonly nodes: Readonly<Record<string, PreviewNode>>;
}

export const DEFAULT_MAX_RECORDS = 1000;
export const DEFAULT_MAX_SECONDS = 120;

/** The bounds typed into the form; the API holds the real limits and answers with its own sentence. */
export const previewLimitsSchema = z.object({
  maxRecords: z.coerce.number({ error: "Max records must be a number." }).int("Max records must be a whole number.").positive("Max records must be at least 1."),
  maxSeconds: z.coerce.number({ error: "Max seconds must be a number." }).int("Max seconds must be a whole number.").positive("Max seconds must be at least 1."),
});
export type PreviewLimits = z.infer<typeof previewLimitsSchema>;

/** A preview in one of these states has ended: polling stops and a new one may start. */
export function previewEnded(state: PreviewState | undefined): boolean {
  return state === undefined || state === "stopped" || state === "done" || state === "failed";
}

/** Which controls apply in a state. */
export function previewControls(state: PreviewState | undefined): { start: boolean; pause: boolean; resume: boolean; stop: boolean } {
  const ended = previewEnded(state);
  return { start: ended, pause: state === "running", resume: state === "paused", stop: !ended };
}

/** One line of progress, e.g. `running · 12.3 s of 120 s · 456 of 1000 records`. */
export function progressLine(poll: PreviewPoll, limits: PreviewLimits): string {
  const seconds = (poll.elapsedMs / 1000).toFixed(1);
  const line = `${poll.state} · ${seconds} s of ${limits.maxSeconds} s · ${poll.records} of ${limits.maxRecords} records`;
  return poll.reason === null ? line : `${line} · ${poll.reason}`;
}

/** Each node's counts in the preview; a node that failed a record is marked. */
export function previewDecorations(graph: PipelineGraph, poll: PreviewPoll | undefined): Record<string, NodeDecoration> {
  return Object.fromEntries(
    graph.nodes.map((node) => {
      const seen = poll?.nodes[node.id];
      if (seen === undefined) return [node.id, { tone: "neutral", lines: poll === undefined ? [] : ["in 0 · out 0"] }];
      const lines = [`in ${seen.inCount} · out ${seen.outCount}`];
      if (seen.errors.length > 0) lines.push(`errors ${seen.errors.length}`);
      return [node.id, { tone: seen.errors.length > 0 ? "error" : "neutral", lines }];
    }),
  );
}
