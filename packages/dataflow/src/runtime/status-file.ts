import { join } from "node:path";
import { readStatusJson, writeStatusJson } from "@freshet/program/status-file";
import { z } from "zod";
import type { OperatorStats } from "../graph/contract.js";
import type { SourcePartitionStatus } from "./source-reader.js";

/** In the dataflow process's data directory: what supervisors (the cloud's worker, the CLI) read. */
export const STATUS_FILE = "dataflow-status.json";

export type DataflowState = "starting" | "running" | "failed";

/** GET /status and the status file. */
export interface DataflowStatus {
  readonly name: string;
  readonly state: DataflowState;
  /** Why it failed or what it waits for, one sentence. */
  readonly reason?: string;
  readonly updatedAt: string;
  /** The last checkpoint: when (ISO time, null before the first), how many so far, and how long the last took (snapshot to durable, acknowledgements included). */
  readonly checkpoint: { readonly at: string | null; readonly count: number; readonly durationMs?: number };
  readonly sources: ReadonlyArray<{ readonly id: string; readonly topic: string; readonly partitions: readonly SourcePartitionStatus[] }>;
  readonly operators: readonly OperatorStats[];
  readonly views: readonly string[];
}

const statusSchema = z.object({
  name: z.string(),
  state: z.enum(["starting", "running", "failed"]),
  reason: z.string().optional(),
  updatedAt: z.string(),
  checkpoint: z.object({ at: z.string().nullable(), count: z.number(), durationMs: z.number().optional() }),
  sources: z.array(
    z.object({
      id: z.string(),
      topic: z.string(),
      partitions: z.array(z.object({ partition: z.number(), offset: z.number(), highWatermark: z.number(), lag: z.number() })),
    }),
  ),
  operators: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      recordsIn: z.number(),
      recordsOut: z.number(),
      watermark: z.number().nullable(),
      stateEntries: z.number(),
      lateDropped: z.number(),
      errors: z.number(),
    }),
  ),
  views: z.array(z.string()),
});

/** Written whole (a temporary file renamed), so a reader never sees half a file. */
export function writeStatusFile(dataDir: string, status: DataflowStatus): Promise<void> {
  return writeStatusJson(join(dataDir, STATUS_FILE), status);
}

/** The status a dataflow process last wrote, or undefined when there is none (never started) or it does not parse. */
export function readStatusFile(dataDir: string): Promise<DataflowStatus | undefined> {
  return readStatusJson(join(dataDir, STATUS_FILE), statusSchema);
}
