import {
  clusterMetricsDataSchema,
  DOWNSAMPLED_BUCKET_MS,
  DOWNSAMPLED_RESOLUTION,
  DOWNSAMPLED_RETENTION_MS,
  RAW_RESOLUTION,
  RAW_RETENTION_MS,
  type ClusterMetricsData,
} from "@freshet/control-plane/metrics/cluster-metrics-data";
import type { PrismaClient } from "@freshet/db/client";
import type { Logger } from "pino";
import type { MetricsTargets } from "../metering/metrics-targets.js";
import { parseSamples } from "../metering/prometheus-text.js";
import { httpScrape, type Scrape } from "../metering/usage-collector.js";
import { clusterPoint } from "./cluster-point.js";
import { downsample } from "./downsample.js";
import { CLUSTER_METRIC_NAMES, clusterCountersSchema, type SpuScrape } from "./spu-counters.js";

export interface ClusterMetricsCollectorOptions {
  readonly prisma: PrismaClient;
  readonly targets: MetricsTargets;
  readonly logger: Logger;
  /** Epoch milliseconds. Default Date.now. */
  readonly now?: () => number;
  readonly scrape?: Scrape;
  /** How long one SPU's /metrics may take to answer. Default 5 s. */
  readonly scrapeTimeoutMs?: number;
}

export interface ClusterMetricsReport {
  readonly clusters: number;
  readonly points: number;
  readonly downsampled: number;
  readonly pruned: number;
  readonly failedClusters: number;
}

/**
 * One pass of the console's cluster metrics: scrape every Running cluster's SPUs (the metering
 * scrape, its own families), store a raw point with the counters it read, fold the last finished
 * 5-minute bucket into a downsampled point, and prune points past their retention. A pass
 * missed leaves a gap in the charts, never a wrong rate: the next one divides by the real interval.
 */
export class ClusterMetricsCollector {
  readonly #now: () => number;
  readonly #scrape: Scrape;
  readonly #timeoutMs: number;

  constructor(private readonly options: ClusterMetricsCollectorOptions) {
    this.#now = options.now ?? Date.now;
    this.#scrape = options.scrape ?? httpScrape;
    this.#timeoutMs = options.scrapeTimeoutMs ?? 5_000;
  }

  async collect(): Promise<ClusterMetricsReport> {
    const { prisma, logger } = this.options;
    const clusters = await prisma.cluster.findMany({ where: { status: "Running", deletedAt: null }, select: { id: true, spuCount: true } });
    let points = 0;
    let downsampled = 0;
    let failedClusters = 0;
    for (const cluster of clusters) {
      try {
        await this.#record(cluster.id, cluster.spuCount);
        points += 1;
        if (await this.#downsample(cluster.id)) downsampled += 1;
      } catch (error) {
        failedClusters += 1;
        logger.error({ err: error, clusterId: cluster.id }, "cluster metrics collection failed for cluster");
      }
    }
    const now = this.#now();
    const pruned = await prisma.clusterMetricPoint.deleteMany({
      where: {
        OR: [
          { resolution: RAW_RESOLUTION, at: { lt: new Date(now - RAW_RETENTION_MS) } },
          { resolution: DOWNSAMPLED_RESOLUTION, at: { lt: new Date(now - DOWNSAMPLED_RETENTION_MS) } },
        ],
      },
    });
    const report = { clusters: clusters.length, points, downsampled, pruned: pruned.count, failedClusters };
    logger.debug(report, "cluster metrics collected");
    return report;
  }

  async #record(clusterId: string, spuCount: number): Promise<void> {
    const { prisma } = this.options;
    const targets = await this.options.targets.metricsTargets(clusterId, spuCount);
    const scrapes: SpuScrape[] = await Promise.all(targets.map((target) => this.#read(clusterId, target.spuId, target.url)));
    // SPUs without a live process have no target: they are down.
    for (let spuId = 0; spuId < spuCount; spuId++) if (!targets.some((target) => target.spuId === spuId)) scrapes.push({ spuId, ok: false });
    const latest = await prisma.clusterMetricPoint.findFirst({ where: { clusterId, resolution: RAW_RESOLUTION }, orderBy: { at: "desc" }, select: { counters: true } });
    const previous = clusterCountersSchema.safeParse(latest?.counters ?? {});
    const { data, counters } = clusterPoint(scrapes, previous.success ? previous.data : {});
    await prisma.clusterMetricPoint.create({ data: { clusterId, resolution: RAW_RESOLUTION, at: new Date(this.#now()), data, counters } });
  }

  async #read(clusterId: string, spuId: number, url: string): Promise<SpuScrape> {
    try {
      const text = await this.#scrape(url, AbortSignal.timeout(this.#timeoutMs));
      const readAt = this.#now();
      const parsed = parseSamples(text, CLUSTER_METRIC_NAMES);
      if (parsed.ok) return { spuId, ok: true, readAt, samples: parsed.samples };
      this.options.logger.warn({ clusterId, spuId, reason: parsed.reason }, "SPU metrics do not parse");
    } catch (error) {
      this.options.logger.warn({ clusterId, spuId, url, err: error }, "SPU metrics could not be scraped");
    }
    return { spuId, ok: false };
  }

  /** The 5-minute point of the last finished bucket, once; true when this pass wrote it. */
  async #downsample(clusterId: string): Promise<boolean> {
    const { prisma } = this.options;
    const start = Math.floor(this.#now() / DOWNSAMPLED_BUCKET_MS) * DOWNSAMPLED_BUCKET_MS - DOWNSAMPLED_BUCKET_MS;
    const at = new Date(start);
    if ((await prisma.clusterMetricPoint.count({ where: { clusterId, resolution: DOWNSAMPLED_RESOLUTION, at } })) > 0) return false;
    const raw = await prisma.clusterMetricPoint.findMany({
      where: { clusterId, resolution: RAW_RESOLUTION, at: { gte: at, lt: new Date(start + DOWNSAMPLED_BUCKET_MS) } },
      orderBy: { at: "asc" },
      select: { data: true },
    });
    const data = downsample(
      raw.flatMap((point): ClusterMetricsData[] => {
        const parsed = clusterMetricsDataSchema.safeParse(point.data);
        return parsed.success ? [parsed.data] : [];
      }),
    );
    if (data === null) return false;
    // Two workers may fold the same bucket: the key keeps one.
    const written = await prisma.clusterMetricPoint.createMany({ data: [{ clusterId, resolution: DOWNSAMPLED_RESOLUTION, at, data }], skipDuplicates: true });
    return written.count > 0;
  }
}
