import { z } from "zod";

/** The BullMQ queue the provisioning worker (apps/worker) consumes. */
export const PROVISIONING_QUEUE = "provisioning";

const clusterJob = z.object({ clusterId: z.string().min(1) });

/**
 * Every job the API enqueues: name → payload, the id that makes enqueueing idempotent, retries.
 * provision/deprovision are keyed by cluster, so a retried request never queues a second job. The
 * contract's `provision:<id>` cannot be used: BullMQ 5 refuses custom ids with one colon (its own
 * repeatable-job ids look like that), so the separator is a dash.
 * sync-cluster-credentials has no natural key (every change must reach the brokers, also one made
 * while an earlier sync runs); the worker rewrites the whole file from the rows, so running it
 * twice is harmless.
 */
export const JOBS = {
  "provision-cluster": { payload: clusterJob, jobId: (p: ClusterJob) => `provision-${p.clusterId}` },
  "deprovision-cluster": { payload: clusterJob, jobId: (p: ClusterJob) => `deprovision-${p.clusterId}` },
  "sync-cluster-credentials": { payload: clusterJob, jobId: null },
} as const;

export type ClusterJob = z.infer<typeof clusterJob>;
export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;

export const JOB_ATTEMPTS = 5;
export const JOB_BACKOFF = { type: "exponential", delay: 2_000 } as const;
