import { z } from "zod";
import type { FreshetClient } from "@freshet/client/client";
import type { PrismaClient } from "@freshet/db/client";
import { topicConfigsOf, topicNameSchema, topicSettingsSchema } from "@freshet/control-plane/topic-limits";
import type { TenantConnector } from "@freshet/control-plane/tenant-connector";
import { assertMayAddPaidResources } from "../billing/paid-resources.js";
import { AppError } from "../errors.js";
import { checkNewPartitions } from "../plans.js";
import { browsedRecord } from "../tenant/kafka-range-reader.js";
import { tenantError } from "../tenant/tenant-errors.js";
import { configValue, leaderLogSizes, sourceOf, topicConfigs, topicSize } from "../tenant/topic-inventory.js";
import { withTenant } from "../tenant/with-tenant.js";
import { mapStreamErrors, orgProcedure, router } from "../trpc.js";
import { clusterInOrg, runningEndpoint } from "./cluster-view.js";
import { id } from "./schemas.js";
import { topicDetailProcedures } from "./topic-detail.js";

/** One record of topics.tail; keys and values as UTF-8 text, the timestamp in epoch milliseconds. */
export interface TailRecord {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: string;
}

const numberOrNull = (text: string | null): number | null => (text === null || !/^-?\d+$/.test(text) ? null : Number(text));

const topicRow = z.object({
  name: z.string(),
  partitions: z.number().int(),
  replicationFactor: z.number().int(),
  /** -1: kept forever; null: not reported. */
  retentionMs: z.number().int().nullable(),
  retentionBytes: z.number().int().nullable(),
  /** Bytes of the partitions' leader logs; null when the brokers do not report sizes. */
  sizeBytes: z.number().int().nullable(),
  /** The source topic of a derived topic, which the cluster fills through a SmartModule chain; null for an ordinary topic. */
  derivedFrom: z.string().nullable(),
});

/** Refuses to produce to a derived topic: only the cluster writes it, from its source. */
async function assertProducible(client: FreshetClient, topic: string): Promise<void> {
  const configs = (await topicConfigs(client, [topic])).get(topic);
  const source = sourceOf(configs);
  if (source !== null) {
    throw new AppError("invalid-request", `"${topic}" is derived from "${source}": the cluster writes it from "${source}" through its SmartModule chain. Produce to "${source}" instead.`);
  }
}

export const topicsRouter = router({
  ...topicDetailProcedures,

  list: orgProcedure
    .input(z.object({ clusterId: id }))
    .output(z.array(topicRow))
    .query(async ({ ctx, input }) => {
      const endpoint = runningEndpoint(await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId));
      return withTenant(ctx.tenants, endpoint, async (client) => {
        const topics = (await client.cluster.retry(() => client.cluster.refreshMetadata(null))).filter((t) => t.errorCode === 0 && !t.isInternal);
        const [configs, sizes] = await Promise.all([
          topicConfigs(
            client,
            topics.map((t) => t.name),
          ),
          leaderLogSizes(client, topics),
        ]);
        return topics
          .map((t) => {
            const own = configs.get(t.name);
            return {
              name: t.name,
              partitions: t.partitions.length,
              replicationFactor: Math.max(0, ...t.partitions.map((p) => p.replicas.length)),
              retentionMs: numberOrNull(configValue(own, "retention.ms")),
              retentionBytes: numberOrNull(configValue(own, "retention.bytes")),
              sizeBytes: topicSize(sizes, t),
              derivedFrom: sourceOf(own),
            };
          })
          .sort((a, b) => a.name.localeCompare(b.name));
      });
    }),

  create: orgProcedure
    .input(z.object({ clusterId: id, name: topicNameSchema, ...topicSettingsSchema.shape }))
    .output(z.object({ name: z.string(), partitions: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      if (input.replicationFactor !== undefined && input.replicationFactor > cluster.spuCount) {
        const spus = cluster.spuCount === 1 ? "1 SPU" : `${cluster.spuCount} SPUs`;
        throw new AppError(
          "invalid-request",
          `This cluster has ${spus}, so a topic has at most ${cluster.spuCount} ${cluster.spuCount === 1 ? "replica" : "replicas"}; ${input.replicationFactor} were asked for.`,
        );
      }
      if (cluster.plan !== "free") await assertMayAddPaidResources(ctx.prisma, ctx.org.id, new Date(), "partitions");
      const endpoint = runningEndpoint(cluster);
      const configs = topicConfigsOf(input);
      await withTenant(
        ctx.tenants,
        endpoint,
        async (client) => {
          const existing = (await client.admin.listTopicSummaries({ includeInternal: true })).reduce((sum, t) => sum + t.partitions, 0);
          const check = checkNewPartitions(cluster.partitionsLimit, existing, input.partitions);
          if (!check.ok) throw new AppError("plan-limit", check.message);
          await client.admin.createTopics([{ name: input.name, partitions: input.partitions, replicationFactor: input.replicationFactor, configs }]);
        },
        input.name,
      );
      await ctx.audit({
        action: "topic.create",
        targetType: "topic",
        targetId: `${cluster.id}/${input.name}`,
        metadata: { partitions: input.partitions, replicationFactor: input.replicationFactor ?? null, configs },
      });
      return { name: input.name, partitions: input.partitions };
    }),

  delete: orgProcedure
    .input(z.object({ clusterId: id, name: topicNameSchema }))
    .output(z.object({ name: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      await withTenant(ctx.tenants, runningEndpoint(cluster), (client) => client.admin.deleteTopics([input.name]), input.name);
      await ctx.audit({ action: "topic.delete", targetType: "topic", targetId: `${cluster.id}/${input.name}` });
      return { name: input.name };
    }),

  /** One record, acknowledged by every in-sync replica. */
  produce: orgProcedure
    .input(z.object({ clusterId: id, topic: topicNameSchema, key: z.string().max(4096).optional(), value: z.string().max(512 * 1024) }))
    .output(z.object({ partition: z.number().int(), offset: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const [sent] = await withTenant(
        ctx.tenants,
        runningEndpoint(cluster),
        async (client) => {
          await assertProducible(client, input.topic);
          return client.producer().send(input.topic, [{ key: input.key ?? null, value: input.value }], { acks: -1 });
        },
        input.topic,
      );
      await ctx.audit({ action: "topic.produce", targetType: "topic", targetId: `${cluster.id}/${input.topic}`, metadata: { partition: sent!.partition, offset: sent!.offset } });
      return { partition: sent!.partition, offset: sent!.offset };
    }),

  /**
   * The last `last` records of each partition, then records as they are produced, over server-sent
   * events, until the caller goes away.
   */
  tail: orgProcedure
    .input(z.object({ clusterId: id, topic: topicNameSchema, last: z.number().int().min(0).max(100).default(0) }))
    .subscription(({ ctx, input, signal }) => mapStreamErrors(tailTopic(ctx, input, signal))),
});

async function* tailTopic(
  ctx: { prisma: PrismaClient; tenants: TenantConnector; org: { id: string } },
  input: { clusterId: string; topic: string; last: number },
  signal: AbortSignal | undefined,
): AsyncGenerator<TailRecord, void, undefined> {
  const endpoint = runningEndpoint(await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId));
  const client = ctx.tenants.open(endpoint);
  try {
    for await (const record of client.consume({ topic: input.topic, start: { kind: "fromEnd", count: input.last }, signal })) {
      const { partition, offset, timestamp, key, value } = browsedRecord(record);
      yield { partition, offset, timestamp, key, value: value ?? "" };
    }
  } catch (error) {
    throw tenantError(error, input.topic);
  } finally {
    await client.close();
  }
}
