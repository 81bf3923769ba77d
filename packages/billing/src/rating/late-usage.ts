import { Decimal } from "../money/decimal.js";
import { err, ok, type Result } from "../money/result.js";
import type { PriceBook } from "../price-book/price-book.js";
import { DIMENSION_NAMES } from "../usage/dimension.js";
import { formatInterval, type Interval } from "../usage/time.js";
import type { UsageRow } from "../usage/usage-row.js";
import type { RatedLine } from "./rated-line.js";
import { rateUsage, type RatingAccount } from "./rate-usage.js";

function key(line: RatedLine): string {
  return `${line.dimension}|${line.priceVersionId}|${line.segmentStart}`;
}

/**
 * Usage that arrived after a period closed. The closed invoice is never edited: the period is
 * re-rated with every row now known, and whatever differs from what was billed becomes an
 * adjustment line, labelled with the period it belongs to, for the next invoice. Re-rating (rather
 * than rating the late rows alone) keeps tiers right: late units continue where billed units ended.
 */
export function lateUsageAdjustments(book: PriceBook, account: RatingAccount, closed: Interval, billed: readonly RatedLine[], rows: readonly UsageRow[]): Result<RatedLine[]> {
  const rerated = rateUsage(book, account, closed, rows);
  if (!rerated.ok) return rerated;
  const billedByKey = new Map(billed.map((line) => [key(line), line]));
  const adjustments: RatedLine[] = [];
  for (const line of rerated.value) {
    const before = billedByKey.get(key(line));
    const quantity = new Decimal(line.quantity).minus(before?.quantity ?? 0);
    const amountMinor = line.amountMinor - (before?.amountMinor ?? 0);
    if (quantity.isNegative()) return err(`Usage of ${line.dimension} in the closed period shrank since it was billed; correct it with a credit note, not an adjustment.`);
    if (quantity.isZero() && amountMinor === 0) continue;
    adjustments.push({
      ...line,
      kind: "adjustment",
      quantity: quantity.toString(),
      amountMinor,
      description: `Adjustment: ${DIMENSION_NAMES[line.dimension]} used ${formatInterval(closed)}, reported after that period was billed`,
    });
  }
  return ok(adjustments);
}
