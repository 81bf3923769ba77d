import { ZERO, sum } from "../money/decimal.js";
import { roundToMinor } from "../money/minor-units.js";
import { err, ok, type Result } from "../money/result.js";
import { cumulativeCost } from "../price-book/price.js";
import { segmentsFor, type PriceBook } from "../price-book/price-book.js";
import { DIMENSION_NAMES, DIMENSION_UNITS, DIMENSIONS } from "../usage/dimension.js";
import { formatInterval, type Interval } from "../usage/time.js";
import type { UsageRow } from "../usage/usage-row.js";
import type { RatedLine } from "./rated-line.js";

export interface RatingAccount {
  readonly accountId: string;
  readonly planId: string;
}

/**
 * Rates the account's usage rows that fall in `period`. Each dimension's period is cut at its price
 * changes; the cumulative quantity carries across the cuts so a tier reached before a change stays
 * reached after it, and each piece pays its own version's rates for its slice of the tiers.
 */
export function rateUsage(book: PriceBook, account: RatingAccount, period: Interval, rows: readonly UsageRow[]): Result<RatedLine[]> {
  const own = rows.filter((row) => row.accountId === account.accountId && row.hourStart >= period.start && row.hourStart < period.end);
  const lines: RatedLine[] = [];
  for (const dimension of DIMENSIONS) {
    const usage = own.filter((row) => row.dimension === dimension);
    if (usage.length === 0) continue;
    const segments = segmentsFor(book, { ...account, dimension, period });
    if (!segments.ok) return err(segments.error);
    let before = ZERO;
    for (const segment of segments.value) {
      const quantity = sum(usage.filter((row) => row.hourStart >= segment.start && row.hourStart < segment.end).map((row) => row.quantity));
      if (quantity.isZero()) continue;
      const after = before.plus(quantity);
      const price = segment.version.price;
      const amount = cumulativeCost(price, after).minus(cumulativeCost(price, before));
      lines.push({
        kind: "usage",
        dimension,
        priceVersionId: segment.version.id,
        segmentStart: segment.start,
        segmentEnd: segment.end,
        quantity: quantity.toString(),
        amountMinor: roundToMinor(amount),
        description: `${DIMENSION_NAMES[dimension]}: ${quantity.toSignificantDigits(6).toString()} ${DIMENSION_UNITS[dimension]}, ${formatInterval(segment)}`,
      });
      before = after;
    }
  }
  return ok(lines);
}

export function totalOf(lines: readonly RatedLine[]): number {
  return lines.reduce((total, line) => total + line.amountMinor, 0);
}
