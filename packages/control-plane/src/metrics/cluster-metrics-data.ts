import { z } from "zod";

/** Per second, over the interval before the point; null when there is no earlier reading to subtract. */
const rate = z.number().nonnegative().nullable();

export const throughputSchema = z.object({
  inRecordsPerSecond: rate,
  inBytesPerSecond: rate,
  outRecordsPerSecond: rate,
  outBytesPerSecond: rate,
});
export type Throughput = z.infer<typeof throughputSchema>;

export const spuStatusSchema = z.object({
  spuId: z.number().int(),
  /** Whether its /metrics answered this pass. */
  live: z.boolean(),
  /** Partitions whose leader it is (internal topics included); null when it did not answer. */
  partitionsLed: z.number().int().nonnegative().nullable(),
});
export type SpuStatus = z.infer<typeof spuStatusSchema>;

export const partitionLagSchema = z.object({ topic: z.string(), partition: z.number().int(), lag: z.number().int().nonnegative() });

export const groupLagSchema = z.object({
  /** Sum over the partitions below. */
  lag: z.number().int().nonnegative(),
  partitions: z.array(partitionLagSchema),
});
export type GroupLag = z.infer<typeof groupLagSchema>;

/**
 * One point of a cluster's recent metrics (the `data` of a ClusterMetricPoint row), written by
 * the worker's cluster metrics job and read by the API's metrics router. Client topics only:
 * internal ones (`__consumer_offsets`, ...) are left out of partitions and per-topic rates.
 */
export const clusterMetricsDataSchema = throughputSchema.extend({
  /** Bytes of every partition's log, counted once (its leader's copy). */
  storageBytes: z.number().nonnegative(),
  partitions: z.number().int().nonnegative(),
  underReplicatedPartitions: z.number().int().nonnegative(),
  /** 99th percentile of Produce request latency over the interval; null without Produce requests. */
  produceLatencyP99Seconds: z.number().nonnegative().nullable(),
  spus: z.array(spuStatusSchema),
  topics: z.record(z.string(), throughputSchema),
  groups: z.record(z.string(), groupLagSchema),
});
export type ClusterMetricsData = z.infer<typeof clusterMetricsDataSchema>;

/** Raw points: one per collection pass, kept this long. */
export const RAW_RETENTION_MS = 3_600_000;
/** Downsampled points: one per bucket of this length, kept for a day. */
export const DOWNSAMPLED_BUCKET_MS = 300_000;
export const DOWNSAMPLED_RETENTION_MS = 86_400_000;
export const RAW_RESOLUTION = "raw";
export const DOWNSAMPLED_RESOLUTION = "5m";
