import type { AlertCondition, AlertTarget } from "@freshet/control-plane/alerts/alert-rule";
import type { TenantConnector, TenantEndpoint } from "@freshet/control-plane/tenant-connector";
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
 * copies into Connector.metrics.
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
        if (request.target.kind !== "connector") continue;
        const connector = await prisma.connector.findFirst({ where: { id: request.target.connectorId, orgId: request.orgId, clusterId: cluster.id, deletedAt: null } });
        const errors = (connector?.metrics as { errors?: unknown } | null | undefined)?.errors;
        if (connector === null) readings.set(request.ruleId, { error: "The connector no longer exists." });
        else if (typeof errors !== "number") readings.set(request.ruleId, { error: "The connector has reported no counters yet." });
        else readings.set(request.ruleId, { value: errors });
      }
      return readings;
    },
  };
}
