import { z } from "zod";
import { recordAudit } from "../audit.js";
import { AppError } from "../errors.js";
import { refOf } from "../hub/hub-packages.js";
import { router, staffProcedure } from "../trpc.js";
import { hubReason, packageInput } from "./hub-schemas.js";

export const staffHubRouter = router({
  /** Hides a package from search and resolve and refuses its downloads with the reason; audited in the owning org's log. */
  takedown: staffProcedure
    .input(packageInput.extend({ reason: hubReason }))
    .output(z.object({ package: z.string(), reason: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const pkg = await ctx.prisma.hubPackage.findFirst({ where: { name: input.name, group: { name: input.group } }, include: { group: true } });
      const ref = refOf(input.group, input.name);
      if (pkg === null) throw new AppError("not-found", `No package ${ref} on the Hub.`);
      await ctx.prisma.hubPackage.update({ where: { id: pkg.id }, data: { takenDownAt: pkg.takenDownAt ?? new Date(), takenDownReason: input.reason } });
      await recordAudit(ctx, { orgId: pkg.group.orgId, action: "hub.takedown", targetType: "hub_package", targetId: pkg.id, metadata: { package: ref, reason: input.reason } });
      return { package: ref, reason: input.reason };
    }),
});
