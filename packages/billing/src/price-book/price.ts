import { z } from "zod";
import { Decimal, ZERO } from "../money/decimal.js";

const decimalSchema = z
  .string()
  .regex(/^\d+(\.\d+)?$/, { message: "must be a non-negative decimal number" })
  .transform((text) => new Decimal(text));

/** A tier covers quantities up to `upTo` (inclusive bound of the cumulative quantity); the last tier has none. */
const tierSchema = z.object({ upTo: decimalSchema.nullable(), unitPriceMinor: decimalSchema });

const tiersSchema = z
  .array(tierSchema)
  .min(1)
  .refine((tiers) => tiers.every((tier, i) => (i === tiers.length - 1 ? tier.upTo === null : tier.upTo !== null)), {
    message: "only the last tier may be open-ended, and it must be",
  })
  .refine((tiers) => tiers.every((tier, i) => i === 0 || tier.upTo === null || tier.upTo.gt(tiers[i - 1]?.upTo ?? ZERO)), {
    message: "tier bounds must increase",
  });

/**
 * How a version prices a quantity. Unit prices are in minor units and may be fractional (storage
 * costs fractions of a cent per GiB-hour). Graduated prices each unit at its own tier's rate; volume
 * prices every unit at the rate of the tier the cumulative quantity reached.
 */
export const priceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("unit"), unitPriceMinor: decimalSchema }),
  z.object({ kind: z.literal("graduated"), tiers: tiersSchema }),
  z.object({ kind: z.literal("volume"), tiers: tiersSchema }),
]);

export type Price = z.infer<typeof priceSchema>;
/** A price as written (decimals as strings): what is stored and what staff type in. */
export type PriceInput = z.input<typeof priceSchema>;
export type Tier = z.infer<typeof tierSchema>;

/** Exact cost, in minor units, of the first `quantity` units of a period under `price`. */
export function cumulativeCost(price: Price, quantity: Decimal): Decimal {
  switch (price.kind) {
    case "unit":
      return quantity.times(price.unitPriceMinor);
    case "graduated":
      return graduatedCost(price.tiers, quantity);
    case "volume":
      return quantity.times(volumeTier(price.tiers, quantity).unitPriceMinor);
  }
}

function graduatedCost(tiers: readonly Tier[], quantity: Decimal): Decimal {
  let cost = ZERO;
  let floor = ZERO;
  for (const tier of tiers) {
    if (quantity.lte(floor)) break;
    const ceiling = tier.upTo === null ? quantity : Decimal.min(tier.upTo, quantity);
    cost = cost.plus(ceiling.minus(floor).times(tier.unitPriceMinor));
    floor = ceiling;
  }
  return cost;
}

function volumeTier(tiers: readonly Tier[], quantity: Decimal): Tier {
  const reached = tiers.find((tier) => tier.upTo === null || quantity.lte(tier.upTo));
  // The schema guarantees an open-ended last tier, so `find` always succeeds.
  return reached ?? (tiers[tiers.length - 1] as Tier);
}
