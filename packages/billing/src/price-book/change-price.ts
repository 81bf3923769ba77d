import { err, type Result } from "../money/result.js";
import type { Dimension } from "../usage/dimension.js";
import { isHourAligned, type Instant } from "../usage/time.js";
import type { Price } from "./price.js";
import { createPriceBook, type PriceBook } from "./price-book.js";
import type { PriceVersion } from "./price-version.js";

export interface PriceChange {
  readonly id: string;
  readonly planId: string;
  readonly accountId: string | null;
  readonly dimension: Dimension;
  readonly effectiveFrom: Instant;
  readonly price: Price;
}

/**
 * Adds a version from an hour boundary not in the past. The version in force until then is given
 * an end; no hour that was already priced changes price, so invoices already issued stay true.
 */
export function changePrice(book: PriceBook, change: PriceChange, now: Instant): Result<PriceBook> {
  if (!isHourAligned(change.effectiveFrom)) return err(`A price change must start on a UTC hour boundary; ${new Date(change.effectiveFrom).toISOString()} does not.`);
  if (change.effectiveFrom < now) return err(`A price change cannot start in the past (${new Date(change.effectiveFrom).toISOString()}).`);
  const sameOwner = (v: PriceVersion) => v.planId === change.planId && v.accountId === change.accountId && v.dimension === change.dimension;
  if (book.versions.some((v) => sameOwner(v) && v.effectiveFrom >= change.effectiveFrom)) {
    return err(`A later price of ${change.dimension} is already scheduled; change prices in time order.`);
  }
  const versions = book.versions.map((v) => (sameOwner(v) && v.effectiveTo === null ? { ...v, effectiveTo: change.effectiveFrom } : v));
  return createPriceBook([...versions, { ...change, effectiveTo: null }]);
}
