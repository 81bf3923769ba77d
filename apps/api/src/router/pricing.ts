import { z } from "zod";
import { DIMENSIONS } from "@freshet/billing/usage";
import { PRICED_PLANS } from "@freshet/billing-store/price-book";
import { DIMENSION_UNITS } from "@freshet/billing/usage";
import { PLANS } from "../plans.js";
import { publicProcedure, router } from "../trpc.js";
import { priceVersionView, toPriceVersionView } from "./price-schemas.js";

const planView = z.object({
  code: z.enum(PRICED_PLANS),
  maxClusters: z.number().int(),
  maxSpus: z.number().int(),
  maxPartitions: z.number().int(),
  /** The list price of each dimension in force now, and the next one if staff scheduled a change. */
  prices: z.array(z.object({ dimension: z.enum(DIMENSIONS), unit: z.string(), current: priceVersionView.nullable(), next: priceVersionView.nullable() })),
});

export const pricingRouter = router({
  /** Public: the plans and their list prices as the price book has them now. */
  plans: publicProcedure.output(z.array(planView)).query(async ({ ctx }) => {
    const now = new Date();
    const rows = await ctx.prisma.priceVersion.findMany({ where: { orgId: null, OR: [{ effectiveTo: null }, { effectiveTo: { gt: now } }] }, orderBy: { effectiveFrom: "asc" } });
    const versions = rows.map(toPriceVersionView);
    return PRICED_PLANS.map((code) => ({
      ...PLANS[code],
      prices: DIMENSIONS.map((dimension) => {
        const own = versions.filter((v) => v.planId === code && v.dimension === dimension);
        return { dimension, unit: DIMENSION_UNITS[dimension], current: own.find((v) => new Date(v.effectiveFrom) <= now) ?? null, next: own.find((v) => new Date(v.effectiveFrom) > now) ?? null };
      }),
    }));
  }),
});
