import {
  clusterMetricsDataSchema,
  DOWNSAMPLED_BUCKET_MS,
  DOWNSAMPLED_RESOLUTION,
  DOWNSAMPLED_RETENTION_MS,
  groupLagSchema,
  RAW_RESOLUTION,
  RAW_RETENTION_MS,
  spuStatusSchema,
  throughputSchema,
  type ClusterMetricsData,
} from "@freshet/control-plane/metrics/cluster-metrics-data";
import type { PrismaClient } from "@freshet/db/client";
import { z } from "zod";
import { orgProcedure, router } from "../trpc.js";
import { clusterInOrg } from "./cluster-view.js";
import { id } from "./schemas.js";

/** The last hour at every collection pass, or the last day in 5-minute points. */
const range = z.enum(["hour", "day"]);
type Range = z.infer<typeof range>;

const at = z.iso.datetime();
const overviewPoint = throughputSchema.extend({
  at,
  storageBytes: z.number(),
  partitions: z.number().int(),
  underReplicatedPartitions: z.number().int(),
  produceLatencyP99Seconds: z.number().nullable(),
});
const overviewOutput = z.object({
  points: z.array(overviewPoint),
  /** The newest point's SPUs, partitions and under-replicated partitions; null before the first pass. */
  latest: z.object({ at, spus: z.array(spuStatusSchema), partitions: z.number().int(), underReplicatedPartitions: z.number().int() }).nullable(),
});
const topicRatesOutput = z.object({ points: z.array(throughputSchema.extend({ at })) });
const groupLagOutput = z.object({
  points: z.array(z.object({ at, lag: z.number().int() })),
  /** Per partition at the newest point with this group. */
  latest: groupLagSchema.extend({ at }).nullable(),
});

/**
 * The cluster's points in `range`, oldest first. A day is its 5-minute points followed by the raw
 * points after the last of them, so the newest minutes show before their bucket is folded.
 */
async function pointsIn(prisma: PrismaClient, clusterId: string, span: Range, now: number): Promise<{ at: Date; data: ClusterMetricsData }[]> {
  const read = (resolution: string, since: number) =>
    prisma.clusterMetricPoint.findMany({ where: { clusterId, resolution, at: { gte: new Date(since) } }, orderBy: { at: "asc" }, select: { at: true, data: true } });
  let rows: { at: Date; data: unknown }[];
  if (span === "hour") {
    rows = await read(RAW_RESOLUTION, now - RAW_RETENTION_MS);
  } else {
    const buckets = await read(DOWNSAMPLED_RESOLUTION, now - DOWNSAMPLED_RETENTION_MS);
    const last = buckets.at(-1);
    rows = [...buckets, ...(await read(RAW_RESOLUTION, last === undefined ? now - RAW_RETENTION_MS : last.at.getTime() + DOWNSAMPLED_BUCKET_MS))];
  }
  // Points are the worker's; one written by a different version of it is skipped, not served half-read.
  return rows.flatMap((row) => {
    const parsed = clusterMetricsDataSchema.safeParse(row.data);
    return parsed.success ? [{ at: row.at, data: parsed.data }] : [];
  });
}

const clusterRange = z.object({ clusterId: id, range: range.default("hour") });

export const metricsRouter = router({
  /** Throughput, storage, partitions and Produce p99 over the range; SPUs as last seen. */
  overview: orgProcedure
    .input(clusterRange)
    .output(overviewOutput)
    .query(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const points = await pointsIn(ctx.prisma, cluster.id, input.range, Date.now());
      const newest = points.at(-1);
      return {
        points: points.map(({ at: time, data }) => ({
          at: time.toISOString(),
          inRecordsPerSecond: data.inRecordsPerSecond,
          inBytesPerSecond: data.inBytesPerSecond,
          outRecordsPerSecond: data.outRecordsPerSecond,
          outBytesPerSecond: data.outBytesPerSecond,
          storageBytes: data.storageBytes,
          partitions: data.partitions,
          underReplicatedPartitions: data.underReplicatedPartitions,
          produceLatencyP99Seconds: data.produceLatencyP99Seconds,
        })),
        latest:
          newest === undefined ? null : { at: newest.at.toISOString(), spus: newest.data.spus, partitions: newest.data.partitions, underReplicatedPartitions: newest.data.underReplicatedPartitions },
      };
    }),

  /** One topic's produce (in) and consume (out) rates over the range: the topic list's sparklines. */
  topicRates: orgProcedure
    .input(clusterRange.extend({ topic: z.string().min(1).max(249) }))
    .output(topicRatesOutput)
    .query(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const points = await pointsIn(ctx.prisma, cluster.id, input.range, Date.now());
      return {
        points: points.flatMap(({ at: time, data }) => {
          const rates = data.topics[input.topic];
          return rates === undefined ? [] : [{ at: time.toISOString(), ...rates }];
        }),
      };
    }),

  /** A consumer group's total lag over the range, and per partition as last seen. */
  groupLag: orgProcedure
    .input(clusterRange.extend({ groupId: z.string().min(1).max(255) }))
    .output(groupLagOutput)
    .query(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const points = (await pointsIn(ctx.prisma, cluster.id, input.range, Date.now())).flatMap(({ at: time, data }) => {
        const lag = data.groups[input.groupId];
        return lag === undefined ? [] : [{ at: time.toISOString(), ...lag }];
      });
      const newest = points.at(-1);
      return { points: points.map((point) => ({ at: point.at, lag: point.lag })), latest: newest ?? null };
    }),
});
