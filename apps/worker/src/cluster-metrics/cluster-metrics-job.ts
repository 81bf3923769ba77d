import type { Logger } from "pino";
import { ScheduledJobs } from "../jobs/scheduled-jobs.js";
import type { ClusterMetricsCollector } from "./cluster-metrics-collector.js";

/** The repeatable job: one pass of the console's cluster metrics. No payload; its scheduler id is its natural key. */
export const COLLECT_CLUSTER_METRICS_JOB = "collect-cluster-metrics";

export interface ClusterMetricsJobOptions {
  readonly redisUrl: string;
  readonly queueName: string;
  /** Milliseconds between passes. */
  readonly intervalMs: number;
  readonly collector: ClusterMetricsCollector;
  readonly logger: Logger;
}

/** Runs the cluster metrics collector every intervalMs, once at start too (the charts have a point at once). */
export function startClusterMetrics(options: ClusterMetricsJobOptions): Promise<ScheduledJobs> {
  return ScheduledJobs.start({
    redisUrl: options.redisUrl,
    queueName: options.queueName,
    jobs: { [COLLECT_CLUSTER_METRICS_JOB]: { every: options.intervalMs, run: () => options.collector.collect() } },
    immediately: true,
    logger: options.logger,
  });
}
