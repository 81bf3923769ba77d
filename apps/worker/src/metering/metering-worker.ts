import type { Logger } from "pino";
import { ScheduledJobs } from "../jobs/scheduled-jobs.js";
import type { UsageCollector } from "./usage-collector.js";

/** The repeatable job: one collection pass. No payload; its scheduler id is its natural key. */
export const COLLECT_USAGE_JOB = "collect-usage";

export interface MeteringOptions {
  readonly redisUrl: string;
  /** One queue per deployment (tests: one each). */
  readonly queueName: string;
  /** Milliseconds between passes. */
  readonly intervalMs: number;
  readonly collector: UsageCollector;
  readonly logger: Logger;
}

/**
 * Runs the usage collector every intervalMs. A pass that fails is not retried: cursors only move
 * with their events, so the next pass covers the same usage.
 */
export function startMetering(options: MeteringOptions): Promise<ScheduledJobs> {
  return ScheduledJobs.start({
    redisUrl: options.redisUrl,
    queueName: options.queueName,
    jobs: { [COLLECT_USAGE_JOB]: { every: options.intervalMs, run: () => options.collector.collect() } },
    logger: options.logger,
  });
}
