import type { PrismaClient } from "@freshet/db/client";
import type { TenantEndpoint } from "@freshet/control-plane/tenant-connector";
import type { Logger } from "pino";

/** Sets (a rate) or removes (null) the default producer byte rate of one tenant cluster. */
export interface ProducerQuotas {
  setDefaultProducerByteRate(cluster: TenantEndpoint, bytesPerSecond: number | null): Promise<void>;
}

export interface EnforceReport {
  /** Clusters whose quota changed this pass. */
  readonly throttled: readonly string[];
  readonly released: readonly string[];
  /** Clusters that could not be reached; they are tried again next pass. */
  readonly failed: readonly string[];
}

/**
 * Turns each organization's cap state into its running clusters' producer quota: capped clusters
 * produce at `floorBytesPerSecond` (clients are slowed by throttle time, never refused, and nothing
 * is deleted); uncapped ones have no quota. The cap state itself is kept by the budget job.
 *
 * What each cluster was last given is remembered so a pass only talks to clusters whose state
 * changed; after a worker restart every running cluster is set once, which is harmless because
 * setting a quota is idempotent.
 */
export class SpendCapEnforcer {
  readonly #applied = new Map<string, number | null>();

  constructor(
    private readonly options: {
      readonly prisma: PrismaClient;
      readonly quotas: ProducerQuotas;
      readonly floorBytesPerSecond: number;
      readonly logger: Logger;
    },
  ) {}

  async enforce(): Promise<EnforceReport> {
    const { prisma, quotas, floorBytesPerSecond, logger } = this.options;
    const clusters = await prisma.cluster.findMany({
      where: { status: "Running" },
      select: { id: true, orgId: true, bootstrapHost: true, bootstrapPort: true, org: { select: { billing: { select: { capState: true } } } } },
      orderBy: { id: "asc" },
    });
    const report = { throttled: [] as string[], released: [] as string[], failed: [] as string[] };
    const running = new Set<string>();
    for (const cluster of clusters) {
      const { bootstrapHost, bootstrapPort } = cluster;
      if (bootstrapHost === null || bootstrapPort === null) continue;
      running.add(cluster.id);
      const wanted = cluster.org.billing?.capState === "capped" ? floorBytesPerSecond : null;
      if (this.#applied.has(cluster.id) && this.#applied.get(cluster.id) === wanted) continue;
      try {
        await quotas.setDefaultProducerByteRate({ id: cluster.id, bootstrapHost, bootstrapPort }, wanted);
        this.#applied.set(cluster.id, wanted);
        (wanted === null ? report.released : report.throttled).push(cluster.id);
        logger.info({ clusterId: cluster.id, orgId: cluster.orgId, producerByteRate: wanted }, wanted === null ? "spend cap lifted: producers unthrottled" : "spend cap reached: producers throttled");
      } catch (error) {
        report.failed.push(cluster.id);
        logger.warn({ err: error, clusterId: cluster.id }, "could not set the cluster's producer quota; trying again next pass");
      }
    }
    // A cluster that stopped running is set again from scratch when it comes back.
    for (const id of this.#applied.keys()) if (!running.has(id)) this.#applied.delete(id);
    return report;
  }
}
