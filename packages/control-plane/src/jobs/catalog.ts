import type { BackoffOptions } from "bullmq";
import { z } from "zod";

/** The BullMQ queue apps/api fills and apps/worker consumes. */
export const PROVISIONING_QUEUE = "provisioning";

const clusterJob = z.object({ clusterId: z.string().min(1) });
export type ClusterJob = z.infer<typeof clusterJob>;

/**
 * A connector's change: `generation` is the row's counter at the change (bumped by every start,
 * stop and delete), so the same change enqueued twice runs once while the next one runs anew.
 * `clusterId` keys the worker's per-cluster lock: a connector never deploys while its cluster moves.
 */
const connectorJob = z.object({ clusterId: z.string().min(1), connectorId: z.string().min(1), generation: z.number().int().min(0) });
export type ConnectorJob = z.infer<typeof connectorJob>;
const connectorJobId = (verb: string) => (p: ConnectorJob) => `${verb}-${p.connectorId}-${p.generation.toString()}`;

/** A dataflow's change, keyed like a connector's: `generation` is bumped by every deploy and delete. */
const dataflowJob = z.object({ clusterId: z.string().min(1), dataflowId: z.string().min(1), generation: z.number().int().min(0) });
export type DataflowJob = z.infer<typeof dataflowJob>;
const dataflowJobId = (verb: string) => (p: DataflowJob) => `${verb}-${p.dataflowId}-${p.generation.toString()}`;

interface JobSpec<P extends z.ZodType> {
  readonly payload: P;
  /**
   * The id that makes enqueueing idempotent, or null when every enqueue must run. BullMQ refuses
   * custom ids with a ":" (unless in three parts), hence "provision-<id>" rather than "provision:<id>".
   */
  readonly jobId: ((payload: z.infer<P>) => string) | null;
  readonly attempts: number;
  readonly backoff: BackoffOptions;
  /** A run taking longer is aborted and counts as a failed attempt. */
  readonly timeoutMs: number;
}

function job<P extends z.ZodType>(spec: JobSpec<P>): JobSpec<P> {
  return spec;
}

/**
 * Every job of the provisioning queue. Each handler converges from whatever an interrupted
 * earlier run left, so retries and a second delivery after a worker crash are safe.
 * sync-cluster-credentials has no natural key: every change must reach the brokers, also one
 * made while an earlier sync runs; it rewrites the whole file from the rows.
 */
export const JOBS = {
  "provision-cluster": job({ payload: clusterJob, jobId: (p) => `provision-${p.clusterId}`, attempts: 5, backoff: { type: "exponential", delay: 1_000 }, timeoutMs: 120_000 }),
  "deprovision-cluster": job({ payload: clusterJob, jobId: (p) => `deprovision-${p.clusterId}`, attempts: 5, backoff: { type: "exponential", delay: 1_000 }, timeoutMs: 60_000 }),
  "sync-cluster-credentials": job({ payload: clusterJob, jobId: null, attempts: 5, backoff: { type: "exponential", delay: 500 }, timeoutMs: 30_000 }),
  "deploy-connector": job({ payload: connectorJob, jobId: connectorJobId("deploy"), attempts: 5, backoff: { type: "exponential", delay: 1_000 }, timeoutMs: 60_000 }),
  "stop-connector": job({ payload: connectorJob, jobId: connectorJobId("stop"), attempts: 5, backoff: { type: "exponential", delay: 1_000 }, timeoutMs: 30_000 }),
  "delete-connector": job({ payload: connectorJob, jobId: connectorJobId("delete"), attempts: 5, backoff: { type: "exponential", delay: 1_000 }, timeoutMs: 30_000 }),
  "deploy-dataflow": job({ payload: dataflowJob, jobId: dataflowJobId("deploy"), attempts: 5, backoff: { type: "exponential", delay: 1_000 }, timeoutMs: 60_000 }),
  "delete-dataflow": job({ payload: dataflowJob, jobId: dataflowJobId("delete"), attempts: 5, backoff: { type: "exponential", delay: 1_000 }, timeoutMs: 30_000 }),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}
