import { Queue } from "bullmq";
import { JOBS, type JobName, type JobPayload } from "./catalog.js";
import { redisConnection } from "./redis-connection.js";

export interface ProvisioningQueue {
  readonly queue: Queue;
  /** Adds a job with the catalog's id, attempts and backoff; a job with the same id already queued makes it a no-op. */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void>;
  /** Safe to call twice. */
  close(): Promise<void>;
}

export function createProvisioningQueue(redisUrl: string, queueName: string): ProvisioningQueue {
  const queue = new Queue(queueName, { connection: redisConnection(redisUrl) });
  let closing: Promise<void> | null = null;
  return {
    queue,
    async enqueue(name, payload) {
      const spec = JOBS[name];
      const data = spec.payload.parse(payload);
      await queue.add(name, data, {
        jobId: spec.jobId === null ? undefined : spec.jobId(data),
        attempts: spec.attempts,
        backoff: spec.backoff,
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 1000 },
      });
    },
    close() {
      closing ??= queue.close();
      return closing;
    },
  };
}
