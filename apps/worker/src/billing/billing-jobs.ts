import type { PrismaClient } from "@freshet/db/client";
import type { Logger } from "pino";
import type Stripe from "stripe";
import { evaluateBudgets } from "./budget/evaluate-budgets.js";
import { suspendOverdueAccounts } from "./budget/dunning.js";
import { dispatchOutbox } from "./outbox/dispatch-outbox.js";
import { closeDuePeriods } from "./period-close/close-due-periods.js";
import { ScheduledJobs, type ScheduledJob } from "../jobs/scheduled-jobs.js";
import type { SpendCapEnforcer } from "../spend-cap/spend-cap-enforcer.js";

export interface BillingWorkerOptions {
  readonly redisUrl: string;
  /** The billing queue; tests use their own. */
  readonly queueName: string;
  readonly prisma: PrismaClient;
  /** Null when no Stripe is configured: periods still close, the outbox waits for Stripe. */
  readonly stripe: Stripe | null;
  readonly logger: Logger;
  readonly now?: () => number;
  /** How long after a month ends it closes (late usage settles first). */
  readonly settleMs: number;
  /** How long an account stays past due before it is suspended. */
  readonly dunningGraceMs: number;
  readonly closeEveryMs: number;
  readonly dispatchEveryMs: number;
  readonly budgetEveryMs: number;
  /** Applies each organization's cap state to its clusters' producer quotas after every budget evaluation; null: caps are not enforced on clusters. */
  readonly spendCaps: SpendCapEnforcer | null;
}

/**
 * The billing jobs on one queue. Every step is idempotent, so two workers (or a run repeated
 * after a crash) never bill twice.
 */
export const BILLING_JOBS = ["close-periods", "dispatch-outbox", "evaluate-budgets"] as const;
export type BillingJob = (typeof BILLING_JOBS)[number];

export function billingJobs(options: Omit<BillingWorkerOptions, "redisUrl" | "queueName">): Record<BillingJob, ScheduledJob> {
  const { prisma, stripe, logger } = options;
  const now = options.now ?? Date.now;
  const dispatch = async (): Promise<void> => {
    if (stripe !== null) await dispatchOutbox({ prisma, stripe, logger, now });
  };
  return {
    "close-periods": {
      every: options.closeEveryMs,
      run: async () => {
        const report = await closeDuePeriods(prisma, now(), options.settleMs, logger);
        if (report.closed === 0) return;
        logger.info({ closed: report.closed, failures: report.failures.length }, "billing periods closed");
        // Push what was just closed at once rather than at the next dispatch tick.
        await dispatch();
      },
    },
    "dispatch-outbox": { every: options.dispatchEveryMs, run: dispatch },
    "evaluate-budgets": {
      every: options.budgetEveryMs,
      run: async () => {
        await suspendOverdueAccounts(prisma, now(), options.dunningGraceMs);
        await evaluateBudgets(prisma, now(), logger);
        await options.spendCaps?.enforce();
      },
    },
  };
}

/** Starts the billing jobs; each also runs once at start. */
export function startBillingJobs(options: BillingWorkerOptions): Promise<ScheduledJobs> {
  return ScheduledJobs.start({ redisUrl: options.redisUrl, queueName: options.queueName, jobs: billingJobs(options), immediately: true, logger: options.logger });
}
