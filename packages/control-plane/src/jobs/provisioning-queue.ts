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
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>) {
      const spec = JOBS[name];
      const data = spec.payload.parse(payload) as JobPayload<N>;
      // Each job's id function takes its own payload, which TypeScript cannot pair with `spec` by itself.
      const jobId = spec.jobId as ((payload: JobPayload<N>) => string) | null;
      await queue.add(name, data, {
        jobId: jobId === null ? undefined : jobId(data),
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
