import type { Logger } from "pino";
import { ScheduledJobs } from "../jobs/scheduled-jobs.js";
import type { AlertEvaluator } from "./alert-evaluator.js";
import type { AlertWebhooks } from "./alert-webhooks.js";

/** The repeatable job: one evaluation of every enabled alert rule, then the webhook deliveries owed. */
export const EVALUATE_ALERTS_JOB = "evaluate-alerts";

export interface AlertsJobOptions {
  readonly redisUrl: string;
  readonly queueName: string;
  /** Milliseconds between passes. */
  readonly intervalMs: number;
  readonly evaluator: AlertEvaluator;
  readonly webhooks: AlertWebhooks;
  readonly logger: Logger;
}

/**
 * Runs the alert evaluation every intervalMs. Deliveries follow the evaluation in the same run, so
 * they never delay it; a failure of the evaluation still lets the deliveries of earlier passes go.
 */
export function startAlerts(options: AlertsJobOptions): Promise<ScheduledJobs> {
  const run = async () => {
    const evaluation = await options.evaluator.evaluate().catch((error: unknown) => error as Error);
    const deliveries = await options.webhooks.deliverDue();
    if (evaluation instanceof Error) throw evaluation;
    return { ...evaluation, deliveries };
  };
  return ScheduledJobs.start({
    redisUrl: options.redisUrl,
    queueName: options.queueName,
    jobs: { [EVALUATE_ALERTS_JOB]: { every: options.intervalMs, run } },
    immediately: true,
    logger: options.logger,
  });
}
