import { z } from "zod";
import type { FreshetClient } from "@freshet/client/client";
import type { GroupDescription, PartitionLag } from "@freshet/client/admin/types";
import type { PrismaClient } from "@freshet/db/client";
import { notFound } from "../errors.js";
import { withTenant } from "../tenant/with-tenant.js";
import { orgProcedure, router } from "../trpc.js";
import { clusterInOrg, runningEndpoint } from "./cluster-view.js";
import { id } from "./schemas.js";

/** Kafka sets no length limit on group ids; this bound keeps inputs (and audit rows) reasonable. */
const groupId = z.string().min(1, "Name the consumer group.").max(255, "A consumer group id is at most 255 characters.");
const topic = z.string().min(1).max(249);
const offset = z.number().int().min(0, "Offsets are 0 or more.");

const resetTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("earliest") }),
  z.object({ kind: z.literal("latest") }),
  z.object({ kind: z.literal("timestamp"), timestamp: z.number().int().min(0, "Pick a time after 1970.") }),
  z.object({
    kind: z.literal("offsets"),
    offsets: z.array(z.object({ topic, partition: z.number().int().min(0), offset })).min(1, "Give an offset for at least one partition."),
  }),
]);
const resetInput = z.object({ clusterId: id, groupId, topics: z.array(topic).min(1).optional(), to: resetTarget });

const partitionLag = z.object({
  topic: z.string(),
  partition: z.number().int(),
  committedOffset: z.number().int().nullable(),
  endOffset: z.number().int(),
  lag: z.number().int().nullable(),
});
const plannedOffset = z.object({ topic: z.string(), partition: z.number().int(), currentOffset: z.number().int().nullable(), newOffset: z.number().int() });
const groupSummary = z.object({ groupId: z.string(), state: z.string(), members: z.number().int(), topics: z.array(z.string()), totalLag: z.number().int() });
const groupDetail = z.object({
  groupId: z.string(),
  state: z.string(),
  protocolType: z.string(),
  protocol: z.string(),
  members: z.array(
    z.object({
      memberId: z.string(),
      clientId: z.string(),
      clientHost: z.string(),
      assignment: z.array(z.object({ topic: z.string(), partitions: z.array(z.number().int()) })),
    }),
  ),
  partitions: z.array(partitionLag),
  totalLag: z.number().int(),
});

const sumLag = (partitions: readonly PartitionLag[]): number => partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0);

/** A group the coordinator has never heard of describes as Dead with nothing committed. */
const isUnknown = (group: GroupDescription, partitions: readonly PartitionLag[]): boolean =>
  group.state === "Dead" && group.members.length === 0 && partitions.every((p) => p.committedOffset === null);

async function describeWithLag(client: FreshetClient, id: string, topics?: readonly string[]): Promise<{ group: GroupDescription; partitions: PartitionLag[] }> {
  const [[group], partitions] = await Promise.all([client.admin.describeGroups([id]), client.admin.describeGroupLag(id, topics)]);
  return { group: group!, partitions };
}

async function endpointFor(ctx: { prisma: PrismaClient; org: { id: string } }, clusterId: string) {
  const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, clusterId);
  return { cluster, endpoint: runningEndpoint(cluster) };
}

export const groupsRouter = router({
  /** Every consumer group of the cluster with its state, member count, topics and total lag. */
  list: orgProcedure
    .input(z.object({ clusterId: id }))
    .output(z.array(groupSummary))
    .query(async ({ ctx, input }) => {
      const { endpoint } = await endpointFor(ctx, input.clusterId);
      return withTenant(ctx.tenants, endpoint, async (client) => {
        const listed = await client.admin.listGroups();
        return Promise.all(
          listed.map(async ({ groupId: gid }) => {
            const { group, partitions } = await describeWithLag(client, gid);
            return { groupId: gid, state: group.state, members: group.members.length, topics: [...new Set(partitions.map((p) => p.topic))], totalLag: sumLag(partitions) };
          }),
        );
      });
    }),

  /** Members with their assignment, and per partition the committed offset, end offset and lag. */
  get: orgProcedure
    .input(z.object({ clusterId: id, groupId }))
    .output(groupDetail)
    .query(async ({ ctx, input }) => {
      const { endpoint } = await endpointFor(ctx, input.clusterId);
      const { group, partitions } = await withTenant(ctx.tenants, endpoint, (client) => describeWithLag(client, input.groupId));
      if (isUnknown(group, partitions)) throw notFound("consumer group");
      return {
        groupId: group.groupId,
        state: group.state,
        protocolType: group.protocolType,
        protocol: group.protocol,
        members: group.members.map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          assignment: (m.assignment ?? []).map((a) => ({ topic: a.topic, partitions: [...a.partitions] })),
        })),
        partitions,
        totalLag: sumLag(partitions),
      };
    }),

  /** The groups consuming `topic` (with offsets on it or members assigned to it) and their lag on it. */
  byTopic: orgProcedure
    .input(z.object({ clusterId: id, topic }))
    .output(z.array(groupSummary.omit({ topics: true }).extend({ partitions: z.array(partitionLag) })))
    .query(async ({ ctx, input }) => {
      const { endpoint } = await endpointFor(ctx, input.clusterId);
      return withTenant(
        ctx.tenants,
        endpoint,
        async (client) => {
          const listed = await client.admin.listGroups();
          const described = await Promise.all(listed.map(({ groupId: gid }) => describeWithLag(client, gid, [input.topic])));
          return described
            .filter((d) => d.partitions.length > 0)
            .map(({ group, partitions }) => ({ groupId: group.groupId, state: group.state, members: group.members.length, totalLag: sumLag(partitions), partitions }));
        },
        input.topic,
      );
    }),

  /** The offsets a reset would commit, without committing them. */
  previewReset: orgProcedure
    .input(resetInput)
    .output(z.array(plannedOffset))
    .query(async ({ ctx, input }) => {
      const { endpoint } = await endpointFor(ctx, input.clusterId);
      return withTenant(ctx.tenants, endpoint, (client) => client.admin.planGroupOffsetReset(input.groupId, { topics: input.topics, to: input.to }));
    }),

  /** Moves the group's committed offsets; refused while the group has members, as Kafka does. */
  resetOffsets: orgProcedure
    .input(resetInput)
    .output(z.array(plannedOffset))
    .mutation(async ({ ctx, input }) => {
      const { cluster, endpoint } = await endpointFor(ctx, input.clusterId);
      const committed = await withTenant(ctx.tenants, endpoint, (client) => client.admin.resetGroupOffsets(input.groupId, { topics: input.topics, to: input.to }));
      await ctx.audit({
        action: "group.reset-offsets",
        targetType: "consumer_group",
        targetId: `${cluster.id}/${input.groupId}`,
        metadata: { to: input.to.kind === "offsets" ? "offsets" : input.to.kind, ...(input.to.kind === "timestamp" ? { timestamp: input.to.timestamp } : {}), partitions: committed.length },
      });
      return committed;
    }),

  /** Deletes a group without members, and its committed offsets. */
  delete: orgProcedure
    .input(z.object({ clusterId: id, groupId }))
    .output(z.object({ groupId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { cluster, endpoint } = await endpointFor(ctx, input.clusterId);
      await withTenant(ctx.tenants, endpoint, (client) => client.admin.deleteGroup(input.groupId));
      await ctx.audit({ action: "group.delete", targetType: "consumer_group", targetId: `${cluster.id}/${input.groupId}` });
      return { groupId: input.groupId };
    }),
});
