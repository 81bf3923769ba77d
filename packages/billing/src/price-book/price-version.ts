import { z } from "zod";
import { dimensionSchema, type Dimension } from "../usage/dimension.js";
import { hourInstantSchema, type Instant } from "../usage/time.js";
import { priceSchema, type Price } from "./price.js";

/**
 * One effective-dated price of one dimension. It applies from `effectiveFrom` up to (excluding)
 * `effectiveTo`, or for ever when that is null. Either a plan's list price (`accountId` null) or an
 * account's negotiated override, which wins over the plan for the hours it covers.
 */
export const priceVersionSchema = z
  .object({
    id: z.string().min(1),
    planId: z.string().min(1),
    accountId: z.string().min(1).nullable(),
    dimension: dimensionSchema,
    effectiveFrom: hourInstantSchema,
    effectiveTo: hourInstantSchema.nullable(),
    price: priceSchema,
  })
  .refine((version) => version.effectiveTo === null || version.effectiveTo > version.effectiveFrom, {
    message: "effectiveTo must be after effectiveFrom",
  });

export interface PriceVersion {
  readonly id: string;
  readonly planId: string;
  readonly accountId: string | null;
  readonly dimension: Dimension;
  readonly effectiveFrom: Instant;
  readonly effectiveTo: Instant | null;
  readonly price: Price;
}

export function endOf(version: PriceVersion): Instant {
  return version.effectiveTo ?? Number.POSITIVE_INFINITY;
}

export function inForceAt(version: PriceVersion, at: Instant): boolean {
  return version.effectiveFrom <= at && at < endOf(version);
}
