import { z } from "zod";
import type { MinorUnits } from "../money/minor-units.js";
import { dimensionSchema, type Dimension } from "../usage/dimension.js";
import { instantSchema, type Instant } from "../usage/time.js";

export const GRANT_KINDS = ["trial", "promotion", "onboarding"] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/**
 * Prepaid money an organization may spend on usage. Lower `priority` is spent first; `scope` lists
 * the dimensions it pays for (null: all usage). A grant is usable from `effectiveAt` until
 * `expiresAt` (exclusive), if any.
 */
export const creditGrantSchema = z
  .object({
    id: z.string().min(1),
    organizationId: z.string().min(1),
    kind: z.enum(GRANT_KINDS),
    category: z.enum(["promotional", "paid"]),
    amountMinor: z.number().int().positive(),
    priority: z.number().int().min(0).max(100),
    effectiveAt: instantSchema,
    expiresAt: instantSchema.nullable(),
    scope: z.array(dimensionSchema).min(1).nullable(),
    /** The promotion code redeemed, for kind "promotion". */
    code: z.string().min(1).nullable(),
  })
  .refine((grant) => grant.expiresAt === null || grant.expiresAt > grant.effectiveAt, { message: "expiresAt must be after effectiveAt" });

export interface CreditGrant {
  readonly id: string;
  readonly organizationId: string;
  readonly kind: GrantKind;
  readonly category: "promotional" | "paid";
  readonly amountMinor: MinorUnits;
  readonly priority: number;
  readonly effectiveAt: Instant;
  readonly expiresAt: Instant | null;
  readonly scope: readonly Dimension[] | null;
  readonly code: string | null;
}

/** A movement of a grant's balance; consumptions are negative. */
export interface CreditEntry {
  readonly grantId: string;
  readonly kind: "consume";
  readonly amountMinor: MinorUnits;
  /** Which line the credit paid for: dimension, price version and segment start. */
  readonly lineRef: string;
  readonly at: Instant;
}

export function balanceOf(grant: CreditGrant, entries: readonly CreditEntry[]): MinorUnits {
  return entries.filter((entry) => entry.grantId === grant.id).reduce((balance, entry) => balance + entry.amountMinor, grant.amountMinor);
}

/** Spend order: priority, then whichever expires first (never-expiring last), then oldest, then id. */
export function spendOrder(a: CreditGrant, b: CreditGrant): number {
  return a.priority - b.priority || (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.effectiveAt - b.effectiveAt || a.id.localeCompare(b.id);
}
