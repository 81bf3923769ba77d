import { z } from "zod";
import { Decimal } from "../money/decimal.js";
import { dimensionSchema, type Dimension } from "./dimension.js";
import { hourInstantSchema, type Instant } from "./time.js";

const quantitySchema = z
  .string()
  .regex(/^\d+(\.\d+)?$/, { message: "must be a non-negative decimal number" })
  .transform((text) => new Decimal(text));

/** One hour of one dimension's usage by one account on one cluster, keyed by event time. */
export const usageRowSchema = z.object({
  accountId: z.string().min(1),
  clusterId: z.string().min(1),
  dimension: dimensionSchema,
  hourStart: hourInstantSchema,
  quantity: quantitySchema,
});

export interface UsageRow {
  readonly accountId: string;
  readonly clusterId: string;
  readonly dimension: Dimension;
  readonly hourStart: Instant;
  readonly quantity: Decimal;
}
