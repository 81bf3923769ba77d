import type { PrismaClient } from "@freshet/db/client";
import type { Logger } from "pino";
import { withConnectorSeries } from "./connector-series.js";
import { METERED_NAMES, spuReading, type SpuReading } from "./metered-series.js";
import type { MetricsTarget, MetricsTargets } from "./metrics-targets.js";
import { parseSamples } from "./prometheus-text.js";
import { applyReadings } from "./usage-ledger.js";

/** GETs a /metrics page; rejects on a network error, a non-200 answer or the signal. */
export type Scrape = (url: string, signal: AbortSignal) => Promise<string>;

export const httpScrape: Scrape = async (url, signal) => {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
};

export interface UsageCollectorOptions {
  readonly prisma: PrismaClient;
  readonly targets: MetricsTargets;
  readonly logger: Logger;
  /** Epoch milliseconds; the time of each reading. Default Date.now. */
  readonly now?: () => number;
  readonly scrape?: Scrape;
  /** How long one SPU's /metrics may take to answer. Default 5 s. */
  readonly scrapeTimeoutMs?: number;
}

export interface CollectReport {
  readonly clusters: number;
  /** SPUs read and applied. */
  readonly readings: number;
  /** SPUs that could not be read (down, or not serving usage metrics); their next reading covers the gap. */
  readonly unread: number;
  readonly eventsInserted: number;
  /** Clusters whose transaction failed; their cursors did not move, so the next pass bills the same usage. */
  readonly failedClusters: number;
}

/**
 * One pass over every Running cluster: scrape each live SPU's /metrics, then apply the cluster's
 * readings in one transaction (usage-ledger.ts). A failure stays with its SPU or cluster.
 */
export class UsageCollector {
  readonly #now: () => number;
  readonly #scrape: Scrape;
  readonly #timeoutMs: number;

  constructor(private readonly options: UsageCollectorOptions) {
    this.#now = options.now ?? Date.now;
    this.#scrape = options.scrape ?? httpScrape;
    this.#timeoutMs = options.scrapeTimeoutMs ?? 5_000;
  }

  async collect(): Promise<CollectReport> {
    const { prisma, logger } = this.options;
    const clusters = await prisma.cluster.findMany({ where: { status: "Running", deletedAt: null }, select: { id: true, orgId: true, spuCount: true } });
    let readings = 0;
    let unread = 0;
    let eventsInserted = 0;
    let failedClusters = 0;
    for (const cluster of clusters) {
      try {
        const targets = await this.options.targets.metricsTargets(cluster.id, cluster.spuCount);
        const read = await Promise.all(targets.map((target) => this.#read(cluster.id, target)));
        const ok = read.filter((reading): reading is SpuReading => reading !== null);
        unread += cluster.spuCount - ok.length;
        if (ok.length === 0) continue;
        const running = await prisma.connector.findMany({ where: { clusterId: cluster.id, status: "Running" }, select: { id: true }, orderBy: { id: "asc" } });
        const outcome = await applyReadings(
          prisma,
          cluster,
          withConnectorSeries(
            ok,
            running.map((c) => c.id),
          ),
          logger,
        );
        readings += ok.length - outcome.stale;
        eventsInserted += outcome.inserted;
      } catch (error) {
        failedClusters += 1;
        logger.error({ err: error, clusterId: cluster.id }, "usage collection failed for cluster");
      }
    }
    const report = { clusters: clusters.length, readings, unread, eventsInserted, failedClusters };
    logger.debug(report, "usage collected");
    return report;
  }

  async #read(clusterId: string, target: MetricsTarget): Promise<SpuReading | null> {
    let text: string;
    try {
      text = await this.#scrape(target.url, AbortSignal.timeout(this.#timeoutMs));
    } catch (error) {
      this.options.logger.warn({ clusterId, spuId: target.spuId, url: target.url, err: error }, "SPU metrics could not be scraped");
      return null;
    }
    const readAt = this.#now();
    const parsed = parseSamples(text, METERED_NAMES);
    const reading = parsed.ok ? spuReading(target.spuId, readAt, parsed.samples) : parsed;
    if (!reading.ok) {
      this.options.logger.warn({ clusterId, spuId: target.spuId, reason: reading.reason }, "SPU metrics have no usable usage reading");
      return null;
    }
    return reading.reading;
  }
}
