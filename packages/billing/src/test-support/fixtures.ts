import { createPriceBook, priceVersionSchema, type PriceBook, type PriceVersion } from "../price-book/index.js";
import { usageRowSchema, type Dimension, type UsageRow } from "../usage/index.js";

export const at = (iso: string): number => Date.parse(iso);

export function version(input: {
  id: string;
  dimension?: Dimension;
  accountId?: string | null;
  from: string;
  to?: string | null;
  price: { kind: "unit"; unitPriceMinor: string } | { kind: "graduated" | "volume"; tiers: readonly { readonly upTo: string | null; readonly unitPriceMinor: string }[] };
}): PriceVersion {
  return priceVersionSchema.parse({
    id: input.id,
    planId: "standard",
    accountId: input.accountId ?? null,
    dimension: input.dimension ?? "ingress_gib",
    effectiveFrom: input.from,
    effectiveTo: input.to ?? null,
    price: input.price,
  });
}

export function book(versions: PriceVersion[]): PriceBook {
  const result = createPriceBook(versions);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

export function row(hour: string, quantity: string, dimension: Dimension = "ingress_gib"): UsageRow {
  return usageRowSchema.parse({ accountId: "acct-1", clusterId: "c-1", dimension, hourStart: hour, quantity });
}

export const ACCOUNT = { accountId: "acct-1", planId: "standard" } as const;
export const MARCH = { start: at("2026-03-01T00:00:00Z"), end: at("2026-04-01T00:00:00Z") } as const;
