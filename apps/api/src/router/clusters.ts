import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { clusterNameSchema, clusterSpusSchema } from "@freshet/control-plane/limits/cluster";
import { assertMayAddPaidResources } from "../billing/paid-resources.js";
import { AppError } from "../errors.js";
import { checkNewCluster, PLAN_CODES, PLANS } from "../plans.js";
import { mapStreamErrors, orgAdminProcedure, orgProcedure, router } from "../trpc.js";
import { clusterInOrg, clusterOutput, toClusterView, type ClusterView } from "./cluster-view.js";
import { id } from "./schemas.js";

export const clustersRouter = router({
  /** Clusters that exist or are on their way; deleted ones are history (clusters.get still answers). */
  list: orgProcedure.output(z.array(clusterOutput)).query(async ({ ctx }) => {
    const rows = await ctx.prisma.cluster.findMany({ where: { orgId: ctx.org.id, status: { not: "Deleted" } }, orderBy: { createdAt: "asc" } });
    return rows.map(toClusterView);
  }),

  get: orgProcedure
    .input(z.object({ clusterId: id }))
    .output(clusterOutput)
    .query(async ({ ctx, input }) => toClusterView(await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId))),

  create: orgProcedure
    .input(z.object({ name: clusterNameSchema, region: z.literal("local"), plan: z.enum(PLAN_CODES), spus: clusterSpusSchema.default(1) }))
    .output(clusterOutput)
    .mutation(async ({ ctx, input }) => {
      const plan = PLANS[input.plan];
      const cluster = await ctx.prisma.$transaction(async (tx) => {
        // Serializes creates within one org, so two at once cannot both pass the plan's cluster count.
        await tx.$executeRaw`SELECT 1 FROM "organization" WHERE "id" = ${ctx.org.id} FOR UPDATE`;
        const existing = await tx.cluster.count({ where: { orgId: ctx.org.id, plan: plan.code, status: { not: "Deleted" } } });
        const check = checkNewCluster(plan, existing, input.spus);
        if (!check.ok) throw new AppError("plan-limit", check.message);
        if (plan.code !== "free") await assertMayAddPaidResources(tx, ctx.org.id, new Date(), "cluster");
        try {
          return await tx.cluster.create({
            data: { id: newId("cluster"), orgId: ctx.org.id, name: input.name, region: input.region, plan: plan.code, spuCount: input.spus, partitionsLimit: plan.maxPartitions },
          });
        } catch (error) {
          if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
            throw new AppError("already-exists", `This organization already has (or had) a cluster named "${input.name}".`, { cause: error });
          }
          throw error;
        }
      });
      await ctx.provisioning.enqueue("provision-cluster", { clusterId: cluster.id });
      await ctx.audit({ action: "cluster.create", targetType: "cluster", targetId: cluster.id, metadata: { name: input.name, plan: plan.code, spus: input.spus } });
      return toClusterView(cluster);
    }),

  delete: orgAdminProcedure
    .input(z.object({ clusterId: id }))
    .output(clusterOutput)
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      if (cluster.status === "Deleted") throw new AppError("invalid-request", "The cluster is already deleted.");
      const updated = await ctx.prisma.cluster.update({ where: { id: cluster.id }, data: { status: "Deleting", statusMessage: null } });
      // Enqueued again when already Deleting: the job id makes that a no-op unless the earlier job is gone.
      await ctx.provisioning.enqueue("deprovision-cluster", { clusterId: cluster.id });
      await ctx.audit({ action: "cluster.delete", targetType: "cluster", targetId: cluster.id, metadata: { name: cluster.name } });
      return toClusterView(updated);
    }),

  /**
   * The cluster row now and then every time it changes, over server-sent events. The worker
   * writes the row; this looks at it every `watchIntervalMs` (a cheap primary-key read).
   */
  watch: orgProcedure.input(z.object({ clusterId: id })).subscription(({ ctx, input, signal }) => mapStreamErrors(watchCluster(ctx.prisma, ctx.org.id, input.clusterId, ctx.watchIntervalMs, signal))),
});

/**
 * The cluster row now and then every time its status or endpoint changes. The worker writes the
 * row; this reads it every `intervalMs` (a primary-key lookup) until the caller goes away.
 */
async function* watchCluster(prisma: PrismaClient, orgId: string, clusterId: string, intervalMs: number, signal: AbortSignal | undefined) {
  let last: string | null = null;
  while (!signal?.aborted) {
    const view: ClusterView = toClusterView(await clusterInOrg(prisma, orgId, clusterId));
    const key = JSON.stringify([view.status, view.statusMessage, view.bootstrapHost, view.bootstrapPort]);
    if (key !== last) {
      last = key;
      yield view;
    }
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}
