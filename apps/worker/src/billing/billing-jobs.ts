import { redisConnection } from "@freshet/control-plane/jobs/redis-connection";
import type { PrismaClient } from "@freshet/db/client";
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import type Stripe from "stripe";
import { evaluateBudgets } from "./budget/evaluate-budgets.js";
import { suspendOverdueAccounts } from "./budget/dunning.js";
import { dispatchOutbox } from "./outbox/dispatch-outbox.js";
import { closeDuePeriods } from "./period-close/close-due-periods.js";

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
}

/**
 * The billing jobs, each a BullMQ job scheduler on one queue consumed with concurrency 1, so two
 * runs of billing work never overlap in one worker (and every step is idempotent for two workers).
 */
export const BILLING_JOBS = ["close-periods", "dispatch-outbox", "evaluate-budgets"] as const;
export type BillingJob = (typeof BILLING_JOBS)[number];

export class BillingWorker {
  readonly #queue: Queue;
  readonly #worker: Worker;
  #closing: Promise<void> | null = null;

  private constructor(
    readonly options: BillingWorkerOptions,
    queue: Queue,
    worker: Worker,
  ) {
    this.#queue = queue;
    this.#worker = worker;
  }

  static async start(options: BillingWorkerOptions): Promise<BillingWorker> {
    const queue = new Queue(options.queueName, { connection: redisConnection(options.redisUrl) });
    const schedules: Record<BillingJob, number> = { "close-periods": options.closeEveryMs, "dispatch-outbox": options.dispatchEveryMs, "evaluate-budgets": options.budgetEveryMs };
    let billing: BillingWorker | undefined;
    const worker = new Worker(options.queueName, (job) => (billing as BillingWorker).run(job), { connection: redisConnection(options.redisUrl), concurrency: 1, autorun: false });
    billing = new BillingWorker(options, queue, worker);
    worker.on("error", (error) => options.logger.error({ err: error }, "billing queue error"));
    worker.on("failed", (job, error) => options.logger.warn({ job: job?.name, err: error }, "billing job failed"));
    try {
      for (const name of BILLING_JOBS) {
        await queue.upsertJobScheduler(name, { every: schedules[name], immediately: true }, { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
      }
    } catch (error) {
      await billing.close();
      throw error;
    }
    void worker.run();
    return billing;
  }

  /** One run of a billing job (what the scheduler triggers). */
  async run(job: Pick<Job, "name">): Promise<void> {
    const { prisma, stripe, logger } = this.options;
    const now = (this.options.now ?? Date.now)();
    switch (job.name) {
      case "close-periods": {
        const report = await closeDuePeriods(prisma, now, this.options.settleMs, logger);
        if (report.closed > 0) logger.info({ closed: report.closed, failures: report.failures.length }, "billing periods closed");
        // Push what was just closed at once rather than at the next dispatch tick.
        if (report.closed > 0 && stripe !== null) await dispatchOutbox({ prisma, stripe, logger, now: this.options.now ?? Date.now });
        return;
      }
      case "dispatch-outbox":
        if (stripe !== null) await dispatchOutbox({ prisma, stripe, logger, now: this.options.now ?? Date.now });
        return;
      case "evaluate-budgets": {
        await suspendOverdueAccounts(prisma, now, this.options.dunningGraceMs);
        await evaluateBudgets(prisma, now, logger);
        return;
      }
      default:
        throw new UnrecoverableError(`unknown billing job ${job.name}`);
    }
  }

  /** Stops taking jobs, lets a running one finish, closes the Redis connections. Safe to call twice; every step runs. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const results = await Promise.allSettled([this.#worker.close()]);
      results.push(...(await Promise.allSettled([this.#queue.close()])));
      const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
      if (failures.length > 0) throw new AggregateError(failures, "billing worker shutdown had failures");
    })();
    return this.#closing;
  }
}
