import { redisConnection } from "@freshet/control-plane/jobs/redis-connection";
import { Queue, Worker } from "bullmq";
import type { Logger } from "pino";
import type { CollectReport, UsageCollector } from "./usage-collector.js";

/** The repeatable job: one collection pass. No payload; its scheduler id is its natural key. */
export const COLLECT_USAGE_JOB = "collect-usage";

export interface MeteringWorkerOptions {
  readonly redisUrl: string;
  /** One queue per deployment (tests: one each). */
  readonly queueName: string;
  /** Milliseconds between passes. */
  readonly intervalMs: number;
  readonly collector: UsageCollector;
  readonly logger: Logger;
}

/**
 * Runs the usage collector every intervalMs through a BullMQ job scheduler, so several workers
 * sharing Redis run one pass per interval between them, not one each. A pass that fails is not
 * retried: cursors only move with their events, so the next pass covers the same usage.
 */
export class MeteringWorker {
  readonly #queue: Queue;
  #worker: Worker | null = null;
  #closing: Promise<void> | null = null;

  private constructor(private readonly options: MeteringWorkerOptions) {
    this.#queue = new Queue(options.queueName, { connection: redisConnection(options.redisUrl) });
  }

  static async start(options: MeteringWorkerOptions): Promise<MeteringWorker> {
    const metering = new MeteringWorker(options);
    try {
      await metering.#queue.upsertJobScheduler(
        COLLECT_USAGE_JOB,
        { every: options.intervalMs },
        { name: COLLECT_USAGE_JOB, data: {}, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
      );
      metering.#consume();
    } catch (error) {
      await metering.close();
      throw error;
    }
    return metering;
  }

  #consume(): void {
    const { logger } = this.options;
    // One pass at a time: a pass outlasting the interval delays the next instead of racing it.
    this.#worker = new Worker(
      this.options.queueName,
      (job): Promise<CollectReport> => {
        if (job.name !== COLLECT_USAGE_JOB) throw new Error(`unknown metering job ${job.name}`);
        return this.options.collector.collect();
      },
      { connection: redisConnection(this.options.redisUrl), concurrency: 1 },
    );
    this.#worker.on("error", (error) => logger.error({ err: error }, "metering queue error"));
    this.#worker.on("failed", (job, error) => logger.warn({ jobId: job?.id, err: error }, "usage collection pass failed"));
  }

  /** Stops taking passes, lets a running one finish, closes Redis connections. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const failures: unknown[] = [];
    for (const [step, run] of [
      ["worker", () => this.#worker?.close()],
      ["queue", () => this.#queue.close()],
    ] as const) {
      try {
        await run();
      } catch (cause) {
        this.options.logger.error({ err: cause, step }, "metering shutdown step failed");
        failures.push(cause);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, "metering shutdown had failures");
  }
}
