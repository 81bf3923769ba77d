import { z } from "zod";
import { router, staffProcedure } from "../trpc.js";
import { staffBillingRouter, staffOnboardingRouter, staffPricesRouter, staffPromotionsRouter } from "./staff-billing.js";
import { id, iso, isoDate, isoOrNull } from "./schemas.js";
import { staffHubRouter } from "./staff-hub.js";

export const staffRouter = router({
  organizations: router({
    list: staffProcedure
      .output(z.array(z.object({ id, name: z.string(), slug: z.string(), createdAt: isoDate, deletedAt: isoDate.nullable(), members: z.number().int(), clusters: z.number().int() })))
      .query(async ({ ctx }) => {
        const orgs = await ctx.prisma.organization.findMany({
          include: { _count: { select: { members: true, clusters: { where: { status: { not: "Deleted" } } } } } },
          orderBy: { createdAt: "asc" },
        });
        return orgs.map((o) => ({ id: o.id, name: o.name, slug: o.slug, createdAt: iso(o.createdAt), deletedAt: isoOrNull(o.deletedAt), members: o._count.members, clusters: o._count.clusters }));
      }),
  }),
  onboarding: staffOnboardingRouter,
  billing: staffBillingRouter,
  prices: staffPricesRouter,
  promotions: staffPromotionsRouter,
  hub: staffHubRouter,
});
