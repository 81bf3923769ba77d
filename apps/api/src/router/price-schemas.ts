import { DIMENSION_UNITS } from "@freshet/billing/usage";
import { z } from "zod";
import { DIMENSIONS } from "@freshet/billing/usage";
import { id, isoDate } from "./schemas.js";

const amount = z.string().regex(/^\d+(\.\d+)?$/, "Use a non-negative decimal number of cents, e.g. 6 or 0.0137.");
const tiers = z
  .array(z.object({ upTo: amount.nullable(), unitPriceMinor: amount }))
  .min(1)
  .max(10);

/** A price as written and stored: cents per unit as decimal strings (the price book's PriceInput). */
export const priceInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("unit"), unitPriceMinor: amount }),
  z.object({ kind: z.literal("graduated"), tiers }),
  z.object({ kind: z.literal("volume"), tiers }),
]);

export const priceVersionView = z.object({
  id,
  planId: z.string(),
  orgId: id.nullable(),
  dimension: z.enum(DIMENSIONS),
  /** What the dimension is counted in, e.g. "GiB". */
  unit: z.string(),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable(),
  price: priceInput,
  createdAt: isoDate,
});

/** A stored row as the API shows it; the stored JSON went through the price book's schema when written. */
export function toPriceVersionView(row: { id: string; planId: string; orgId: string | null; dimension: string; effectiveFrom: Date; effectiveTo: Date | null; price: unknown; createdAt: Date }) {
  const dimension = z.enum(DIMENSIONS).parse(row.dimension);
  return {
    id: row.id,
    planId: row.planId,
    orgId: row.orgId,
    dimension,
    unit: DIMENSION_UNITS[dimension],
    effectiveFrom: row.effectiveFrom.toISOString(),
    effectiveTo: row.effectiveTo?.toISOString() ?? null,
    price: priceInput.parse(row.price),
    createdAt: row.createdAt.toISOString(),
  };
}
