import { z } from "zod";
import type { Connector, PrismaClient } from "@freshet/db/client";
import { notFound } from "../errors.js";
import { id, iso, isoDate, isoOrNull } from "./schemas.js";

export const CONNECTOR_STATUSES = ["Pending", "Deploying", "Running", "Stopped", "Failed", "Deleting", "Deleted"] as const;

/** The runtime's counters as the worker last copied them (connector-status.json). */
const connectorMetrics = z.object({
  recordsIn: z.number().int(),
  recordsOut: z.number().int(),
  recordsInPerSecond: z.number().optional(),
  recordsOutPerSecond: z.number().optional(),
  errors: z.number().int(),
  deadLettered: z.number().int(),
  lag: z.number().int().optional(),
  lastSuccessAt: isoDate.optional(),
});

export const connectorOutput = z.object({
  id,
  clusterId: id,
  name: z.string(),
  type: z.string(),
  kind: z.enum(["source", "sink"]),
  desiredState: z.enum(["running", "stopped"]),
  status: z.enum(CONNECTOR_STATUSES),
  /** The last error: why it is Failed (null otherwise). */
  statusReason: z.string().nullable(),
  metrics: connectorMetrics.nullable(),
  /** When the worker last read the runtime's status; null before the first read. */
  observedAt: isoDate.nullable(),
  /** The YAML as created (without the cluster section the cloud fills in). */
  config: z.string(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type ConnectorView = z.infer<typeof connectorOutput>;

export function toConnectorView(row: Connector): ConnectorView {
  const metrics = connectorMetrics.safeParse(row.metrics);
  return {
    id: row.id,
    clusterId: row.clusterId,
    name: row.name,
    type: row.type,
    kind: row.kind,
    desiredState: row.desiredState,
    status: row.status,
    statusReason: row.statusReason,
    metrics: metrics.success ? metrics.data : null,
    observedAt: isoOrNull(row.observedAt),
    config: row.config,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** A connector of the caller's org; any other org's connector is answered as missing. */
export async function connectorInOrg(prisma: PrismaClient, orgId: string, connectorId: string): Promise<Connector> {
  const connector = await prisma.connector.findFirst({ where: { id: connectorId, orgId } });
  if (connector === null) throw notFound("connector");
  return connector;
}
