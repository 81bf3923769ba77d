import { z } from "zod";
import { clusterInOrg } from "./cluster-view.js";
import { orgProcedure } from "../trpc.js";
import { id } from "./schemas.js";

/** Hub packages in the org's clusters: install, update, and the worker's automatic updates. */
export const hubInstallProcedures = {
  /** Whether the worker's update-hub-modules job moves this cluster's hub SmartModules forward. */
  setAutoUpdate: orgProcedure
    .input(z.object({ clusterId: id, enabled: z.boolean() }))
    .output(z.object({ clusterId: z.string(), hubAutoUpdate: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      await ctx.prisma.cluster.update({ where: { id: cluster.id }, data: { hubAutoUpdate: input.enabled } });
      await ctx.audit({ action: "hub.auto-update", targetType: "cluster", targetId: cluster.id, metadata: { enabled: input.enabled } });
      return { clusterId: cluster.id, hubAutoUpdate: input.enabled };
    }),
};
