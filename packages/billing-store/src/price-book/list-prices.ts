import type { PriceInput } from "@freshet/billing/price-book";
import type { Dimension } from "@freshet/billing/usage";
import type { PrismaClient } from "@freshet/db/client";

/** The plans a cluster can be on; their limits live in the API, their prices in the price book. */
export const PRICED_PLANS = ["free", "pro"] as const;
export type PricedPlan = (typeof PRICED_PLANS)[number];

/** When the first list prices took effect. */
export const LIST_PRICES_FROM = Date.UTC(2026, 0, 1);

const unit = (unitPriceMinor: string): PriceInput => ({ kind: "unit", unitPriceMinor });
const firstFree = (freeUpTo: string, unitPriceMinor: string): PriceInput => ({
  kind: "graduated",
  tiers: [
    { upTo: freeUpTo, unitPriceMinor: "0" },
    { upTo: null, unitPriceMinor },
  ],
});

/**
 * The first version of every list price, in cents. The free plan is free within its limits. Pro:
 * the first 10 GiB in and out each month are free, then 6¢/GiB in and 8¢/GiB out; storage
 * ≈ $0.10 per GiB-month (0.0137¢ per GiB-hour); 0.15¢ per partition-hour; 0.01¢ per
 * SmartModule CPU-second; 4¢ per SPU-hour; 1.5¢ per connector-hour (a running connector process). Later changes are new versions made by staff.
 */
export const FIRST_LIST_PRICES: Record<PricedPlan, Record<Dimension, PriceInput>> = {
  free: {
    ingress_gib: unit("0"),
    egress_gib: unit("0"),
    storage_gib_hours: unit("0"),
    partition_hours: unit("0"),
    smartmodule_cpu_seconds: unit("0"),
    spu_hours: unit("0"),
    connector_hours: unit("0"),
  },
  pro: {
    ingress_gib: firstFree("10", "6"),
    egress_gib: firstFree("10", "8"),
    storage_gib_hours: unit("0.0137"),
    partition_hours: unit("0.15"),
    smartmodule_cpu_seconds: unit("0.01"),
    spu_hours: unit("4"),
    connector_hours: unit("1.5"),
  },
};

/**
 * Writes the first list prices where a plan has no version of a dimension yet. Ids are fixed, so
 * concurrent or repeated calls insert each once; existing versions are never touched.
 */
export async function ensureListPrices(prisma: PrismaClient): Promise<number> {
  const data = PRICED_PLANS.flatMap((planId) =>
    Object.entries(FIRST_LIST_PRICES[planId]).map(([dimension, price]) => ({
      id: `prc_list_${planId}_${dimension}`,
      planId,
      dimension,
      effectiveFrom: new Date(LIST_PRICES_FROM),
      price,
    })),
  );
  const { count } = await prisma.priceVersion.createMany({ data, skipDuplicates: true });
  return count;
}
