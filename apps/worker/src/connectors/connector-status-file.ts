import { readFile } from "node:fs/promises";
import { z } from "zod";

/**
 * `<data dir>/connector-status.json`, which the connector runtime rewrites every second: its
 * state, why it failed, and its counters. Fields beyond these are ignored, so a newer runtime
 * adding some does not blind an older worker.
 */
export const connectorRuntimeStatusSchema = z.object({
  state: z.enum(["starting", "running", "failed", "stopped"]),
  reason: z.string().optional(),
  updatedAt: z.iso.datetime(),
  metrics: z.object({
    recordsIn: z.number().int().min(0),
    recordsOut: z.number().int().min(0),
    errors: z.number().int().min(0),
    deadLettered: z.number().int().min(0),
    lag: z.number().int().min(0).optional(),
    lastSuccessAt: z.iso.datetime().optional(),
  }),
});

export type ConnectorRuntimeStatus = z.infer<typeof connectorRuntimeStatusSchema>;

export const CONNECTOR_STATUS_FILE = "connector-status.json";

/** The status file's content, or null when it is missing or not (yet) a whole status. */
export async function readConnectorStatus(path: string): Promise<ConnectorRuntimeStatus | null> {
  try {
    const parsed = connectorRuntimeStatusSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
