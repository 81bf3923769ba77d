import { randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
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
  /** The last checkpoint: when (ISO time, null before the first) and how many so far. */
  readonly checkpoint: { readonly at: string | null; readonly count: number };
  readonly sources: ReadonlyArray<{ readonly id: string; readonly topic: string; readonly partitions: readonly SourcePartitionStatus[] }>;
  readonly operators: readonly OperatorStats[];
  readonly views: readonly string[];
}

/** Written to its own temporary file and renamed: a reader never sees half a file, and overlapping writes do not collide. */
export async function writeStatusFile(dataDir: string, status: DataflowStatus): Promise<void> {
  const path = join(dataDir, STATUS_FILE);
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(status, null, 2)}\n`);
  await rename(temporary, path);
}

/** The status a dataflow process last wrote, or undefined when there is none or it does not parse. */
export async function readStatusFile(dataDir: string): Promise<DataflowStatus | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, STATUS_FILE), "utf8")) as DataflowStatus;
  } catch {
    return undefined;
  }
}
