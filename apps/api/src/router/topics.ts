import { z } from "zod";
import type { FreshetClient } from "@freshet/client/client";
import type { PrismaClient } from "@freshet/db/client";
import { assertMayAddPaidResources } from "../billing/paid-resources.js";
import { AppError } from "../errors.js";
import { checkNewPartitions } from "../plans.js";
import type { TenantConnector, TenantEndpoint } from "@freshet/control-plane/tenant-connector";
import { tenantError } from "../tenant/tenant-errors.js";
import { mapStreamErrors, orgProcedure, router } from "../trpc.js";
import { clusterInOrg, runningEndpoint } from "./cluster-view.js";
import { id } from "./schemas.js";

// Kafka's own rule for topic names (legal characters, at most 249), minus the internal "__" prefix.
const topicName = z
  .string()
  .regex(/^(?!__)[a-zA-Z0-9._-]{1,249}$/, "Use up to 249 letters, digits, dots, dashes and underscores (not starting with __).")
  .refine((name) => name !== "." && name !== "..", '"." and ".." are not topic names.');

/** One record of topics.tail; keys and values as UTF-8 text, the timestamp in epoch milliseconds. */
export interface TailRecord {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: string;
}

/** Runs `work` with a client logged in to the cluster as the control plane, closing it after. */
export async function withTenant<T>(tenants: TenantConnector, endpoint: TenantEndpoint, work: (client: FreshetClient) => Promise<T>, topic?: string): Promise<T> {
  const client = tenants.open(endpoint);
  try {
    return await work(client);
  } catch (error) {
    throw tenantError(error, topic);
  } finally {
    await client.close();
  }
}

const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString("utf8"));

export const topicsRouter = router({
  list: orgProcedure
    .input(z.object({ clusterId: id }))
    .output(z.array(z.object({ name: z.string(), partitions: z.number().int(), replicationFactor: z.number().int() })))
    .query(async ({ ctx, input }) => {
      const endpoint = runningEndpoint(await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId));
      const topics = await withTenant(ctx.tenants, endpoint, (client) => client.admin.listTopicSummaries());
      return topics
        .filter((t) => !t.isInternal)
        .map((t) => ({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor }))
        .sort((a, b) => a.name.localeCompare(b.name));
    }),

  create: orgProcedure
    .input(z.object({ clusterId: id, name: topicName, partitions: z.number().int().min(1).max(100) }))
    .output(z.object({ name: z.string(), partitions: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      if (cluster.plan !== "free") await assertMayAddPaidResources(ctx.prisma, ctx.org.id, new Date(), "partitions");
      const endpoint = runningEndpoint(cluster);
      await withTenant(
        ctx.tenants,
        endpoint,
        async (client) => {
          const existing = (await client.admin.listTopicSummaries({ includeInternal: true })).reduce((sum, t) => sum + t.partitions, 0);
          const check = checkNewPartitions(cluster.partitionsLimit, existing, input.partitions);
          if (!check.ok) throw new AppError("plan-limit", check.message);
          await client.admin.createTopics([{ name: input.name, partitions: input.partitions }]);
        },
        input.name,
      );
      await ctx.audit({ action: "topic.create", targetType: "topic", targetId: `${cluster.id}/${input.name}`, metadata: { partitions: input.partitions } });
      return { name: input.name, partitions: input.partitions };
    }),

  delete: orgProcedure
    .input(z.object({ clusterId: id, name: topicName }))
    .output(z.object({ name: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      await withTenant(ctx.tenants, runningEndpoint(cluster), (client) => client.admin.deleteTopics([input.name]), input.name);
      await ctx.audit({ action: "topic.delete", targetType: "topic", targetId: `${cluster.id}/${input.name}` });
      return { name: input.name };
    }),

  /** One record, acknowledged by every in-sync replica. */
  produce: orgProcedure
    .input(z.object({ clusterId: id, topic: topicName, key: z.string().max(4096).optional(), value: z.string().max(512 * 1024) }))
    .output(z.object({ partition: z.number().int(), offset: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const [sent] = await withTenant(
        ctx.tenants,
        runningEndpoint(cluster),
        (client) => client.producer().send(input.topic, [{ key: input.key ?? null, value: input.value }], { acks: -1 }),
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
    .input(z.object({ clusterId: id, topic: topicName, last: z.number().int().min(0).max(100).default(0) }))
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
      yield { partition: record.partition, offset: record.offset, timestamp: record.timestamp, key: text(record.key), value: text(record.value) ?? "" };
    }
  } catch (error) {
    throw tenantError(error, input.topic);
  } finally {
    await client.close();
  }
}
