import { redisConnection } from "@freshet/control-plane/jobs/redis-connection";
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";

/** Work the worker repeats on a schedule; `run` must be safe to repeat and to run in two workers. */
export interface ScheduledJob {
  /** Milliseconds between runs. */
  readonly every: number;
  run(): Promise<unknown>;
}

export interface ScheduledJobsOptions {
  readonly redisUrl: string;
  /** One queue per kind of work and deployment (tests: one each). */
  readonly queueName: string;
  readonly jobs: Readonly<Record<string, ScheduledJob>>;
  /** Whether each job runs once at start instead of waiting out its first interval. */
  readonly immediately?: boolean;
  readonly logger: Logger;
}

/**
 * Jobs on BullMQ job schedulers, consumed with concurrency 1: several workers sharing Redis run
 * each job once per interval between them, and a run outlasting the interval delays the next
 * instead of racing it. A failed run is not retried: the next one picks up what it left.
 */
export class ScheduledJobs {
  readonly #queue: Queue;
  readonly #worker: Worker;
  #closing: Promise<void> | null = null;

  private constructor(private readonly options: ScheduledJobsOptions) {
    this.#queue = new Queue(options.queueName, { connection: redisConnection(options.redisUrl) });
    this.#worker = new Worker(options.queueName, (job) => this.run(job), { connection: redisConnection(options.redisUrl), concurrency: 1, autorun: false });
    // Without a listener an 'error' (Redis gone for a moment) would crash the process.
    this.#worker.on("error", (error) => options.logger.error({ err: error, queue: options.queueName }, "scheduled job queue error"));
    this.#worker.on("failed", (job, error) => options.logger.warn({ job: job?.name, err: error, queue: options.queueName }, "scheduled job failed"));
  }

  static async start(options: ScheduledJobsOptions): Promise<ScheduledJobs> {
    const scheduled = new ScheduledJobs(options);
    try {
      for (const [name, job] of Object.entries(options.jobs)) {
        await scheduled.#queue.upsertJobScheduler(
          name,
          { every: job.every, immediately: options.immediately ?? false },
          { name, data: {}, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
        );
      }
    } catch (error) {
      await scheduled.close();
      throw error;
    }
    void scheduled.#worker.run();
    return scheduled;
  }

  /** One run of the named job (what its scheduler triggers). */
  run(job: Pick<Job, "name">): Promise<unknown> {
    const scheduled = Object.hasOwn(this.options.jobs, job.name) ? this.options.jobs[job.name] : undefined;
    if (scheduled === undefined) throw new UnrecoverableError(`unknown job ${job.name} on queue ${this.options.queueName}`);
    return scheduled.run();
  }

  /** Stops taking jobs, lets a running one finish, closes the Redis connections. Safe to call twice; every step runs. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const results = await Promise.allSettled([this.#worker.close()]);
      results.push(...(await Promise.allSettled([this.#queue.close()])));
      const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
      if (failures.length > 0) throw new AggregateError(failures, `shutdown of queue ${this.options.queueName} had failures`);
    })();
    return this.#closing;
  }
}
