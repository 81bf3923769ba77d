import { randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { ConnectorState, MetricsSnapshot } from "./connector-metrics.js";

/** In the connector process's data directory: what supervisors (the cloud's worker, the CLI) read. */
export const STATUS_FILE = "connector-status.json";

export interface ConnectorStatus {
  readonly name: string;
  readonly kind: "source" | "sink";
  readonly state: ConnectorState;
  /** Why it failed (one sentence), or the last error it recovered from. */
  readonly reason?: string;
  readonly updatedAt: string;
  readonly metrics: MetricsSnapshot;
}

const statusSchema = z.object({
  name: z.string(),
  kind: z.enum(["source", "sink"]),
  state: z.enum(["starting", "running", "failed", "stopped"]),
  reason: z.string().optional(),
  updatedAt: z.string(),
  metrics: z.object({
    recordsIn: z.number(),
    recordsOut: z.number(),
    recordsInPerSecond: z.number(),
    recordsOutPerSecond: z.number(),
    errors: z.number(),
    deadLettered: z.number(),
    lag: z.number().optional(),
    lastSuccessAt: z.string().optional(),
  }),
});

/**
 * Written to a temporary file and renamed, so a reader never sees half a file. Each write has its
 * own temporary file: a state change and the periodic rewrite can overlap, and with one shared
 * name the second rename finds the file already moved.
 */
export async function writeStatusFile(dataDir: string, status: ConnectorStatus): Promise<void> {
  const path = join(dataDir, STATUS_FILE);
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(status, null, 2)}\n`);
  await rename(temporary, path);
}

/** The status a connector process last wrote, or undefined when there is none (never started) or it does not parse. */
export async function readStatusFile(dataDir: string): Promise<ConnectorStatus | undefined> {
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
