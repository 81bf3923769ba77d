import { Queue } from "bullmq";
import { JOB_ATTEMPTS, JOB_BACKOFF, JOBS, PROVISIONING_QUEUE, type JobName, type JobPayload } from "./catalog.js";

export interface ProvisioningQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void>;
  close(): Promise<void>;
}

/** The provisioning queue on Redis; `queueName` is only ever changed by tests (one queue each). */
export function createProvisioningQueue(redisUrl: string, queueName: string = PROVISIONING_QUEUE): ProvisioningQueue & { readonly queue: Queue } {
  const url = new URL(redisUrl);
  const queue = new Queue(queueName, {
    connection: {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password || undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      // BullMQ requires it: its blocking commands must not fail after a fixed number of retries.
      maxRetriesPerRequest: null,
    },
  });
  let closing: Promise<void> | null = null;
  return {
    queue,
    async enqueue(name, payload) {
      const job = JOBS[name];
      const data = job.payload.parse(payload);
      await queue.add(name, data, {
        jobId: job.jobId === null ? undefined : job.jobId(data),
        attempts: JOB_ATTEMPTS,
        backoff: JOB_BACKOFF,
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
