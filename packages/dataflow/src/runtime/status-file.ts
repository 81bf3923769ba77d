import { randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
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

/** Written to its own temporary file and renamed: a reader never sees half a file, and overlapping writes do not collide. */
export async function writeStatusFile(dataDir: string, status: DataflowStatus): Promise<void> {
  const path = join(dataDir, STATUS_FILE);
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(status, null, 2)}\n`);
  await rename(temporary, path);
}

/** The status a dataflow process last wrote, or undefined when there is none or it does not parse. */
export async function readStatusFile(dataDir: string): Promise<DataflowStatus | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, STATUS_FILE), "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = statusSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
