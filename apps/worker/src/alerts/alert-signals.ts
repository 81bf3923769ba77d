import type { AlertCondition, AlertTarget } from "@freshet/control-plane/alerts/alert-rule";
import type { TenantConnector, TenantEndpoint } from "@freshet/control-plane/tenant-connector";
import { dataflowStatusSchema } from "@freshet/control-plane/dataflows/dataflow-process";
import type { PrismaClient } from "@freshet/db/client";

/** One rule's question to its cluster. */
export interface SignalRequest {
  readonly ruleId: string;
  readonly orgId: string;
  readonly target: AlertTarget;
  readonly condition: AlertCondition;
}

/** Each rule's reading, or why it could not be read (one sentence). */
export type SignalReadings = ReadonlyMap<string, { readonly value: number } | { readonly error: string }>;

/** Reads the signals of one cluster's rules; behind an interface so the evaluation is testable without a cluster. */
export interface AlertSignals {
  read(cluster: TenantEndpoint, requests: readonly SignalRequest[]): Promise<SignalReadings>;
}

/**
 * Topics' signals from the tenant cluster itself, logged in as the control plane (one client per
 * cluster and pass): end offsets summed over the partitions, or a group's lag summed over the
 * topic's partitions. A connector's errors come from the counters the worker's reconcile pass
 * copies into Connector.metrics; a pipeline's are its connectors' plus its dataflow operators'
 * (Dataflow.runtimeStatus), so one restarted component reads as a reset of the sum, counted from zero.
 */
export function tenantAlertSignals(tenants: TenantConnector, prisma: PrismaClient): AlertSignals {
  return {
    async read(cluster, requests) {
      const readings = new Map<string, { value: number } | { error: string }>();
      const onCluster = requests.filter((r) => r.target.kind === "topic");
      if (onCluster.length > 0) {
        const client = tenants.open(cluster);
        try {
          for (const request of onCluster) {
            const topic = request.target.kind === "topic" ? request.target.topic : "";
            try {
              if (request.condition.kind === "lagGrowing") {
                const lag = await client.admin.describeGroupLag(request.condition.groupId, [topic]);
                readings.set(request.ruleId, { value: lag.reduce((sum, p) => sum + (p.lag ?? 0), 0) });
              } else {
                const described = await client.admin.describeTopic(topic);
                readings.set(request.ruleId, { value: described.partitions.reduce((sum, p) => sum + Math.max(0, p.highWatermark), 0) });
              }
            } catch (error) {
              readings.set(request.ruleId, { error: `Could not read topic ${topic}: ${(error as Error).message}` });
            }
          }
        } finally {
          await client.close();
        }
      }
      for (const request of requests) {
        if (request.target.kind === "connector") readings.set(request.ruleId, await connectorErrors(prisma, request.orgId, cluster.id, request.target.connectorId));
        if (request.target.kind === "pipeline") readings.set(request.ruleId, await pipelineErrors(prisma, request.orgId, cluster.id, request.target.pipelineId));
      }
      return readings;
    },
  };
}

const errorsIn = (metrics: unknown): number | null => {
  const errors = (metrics as { errors?: unknown } | null)?.errors;
  return typeof errors === "number" ? errors : null;
};

async function connectorErrors(prisma: PrismaClient, orgId: string, clusterId: string, connectorId: string): Promise<{ value: number } | { error: string }> {
  const connector = await prisma.connector.findFirst({ where: { id: connectorId, orgId, clusterId, deletedAt: null } });
  if (connector === null) return { error: "The connector no longer exists." };
  const errors = errorsIn(connector.metrics);
  return errors === null ? { error: "The connector has reported no counters yet." } : { value: errors };
}

async function pipelineErrors(prisma: PrismaClient, orgId: string, clusterId: string, pipelineId: string): Promise<{ value: number } | { error: string }> {
  const pipeline = await prisma.pipeline.findFirst({
    where: { id: pipelineId, orgId, clusterId, deletedAt: null },
    include: { connectors: { where: { deletedAt: null } }, dataflows: { where: { deletedAt: null } } },
  });
  if (pipeline === null) return { error: "The pipeline no longer exists." };
  const fromConnectors = pipeline.connectors.reduce((sum, c) => sum + (errorsIn(c.metrics) ?? 0), 0);
  const fromDataflows = pipeline.dataflows.reduce((sum, d) => {
    const status = dataflowStatusSchema.safeParse(d.runtimeStatus);
    return sum + (status.success ? status.data.operators.reduce((n, o) => n + o.errors, 0) : 0);
  }, 0);
  return { value: fromConnectors + fromDataflows };
}
