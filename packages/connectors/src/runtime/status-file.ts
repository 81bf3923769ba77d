import { join } from "node:path";
import { readStatusJson, writeStatusJson } from "@freshet/program/status-file";
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

/** Written whole (a temporary file renamed), so a reader never sees half a file. */
export function writeStatusFile(dataDir: string, status: ConnectorStatus): Promise<void> {
  return writeStatusJson(join(dataDir, STATUS_FILE), status);
}

/** The status a connector process last wrote, or undefined when there is none (never started) or it does not parse. */
export function readStatusFile(dataDir: string): Promise<ConnectorStatus | undefined> {
  return readStatusJson(join(dataDir, STATUS_FILE), statusSchema);
}
