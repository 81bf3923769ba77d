import { sum } from "../money/decimal.js";
import type { MinorUnits } from "../money/minor-units.js";
import { ok, type Result } from "../money/result.js";
import type { PriceBook } from "../price-book/price-book.js";
import { DIMENSIONS } from "../usage/dimension.js";
import { HOUR_MS, type Instant, type Interval } from "../usage/time.js";
import type { UsageRow } from "../usage/usage-row.js";
import type { RatedLine } from "./rated-line.js";
import { rateUsage, totalOf, type RatingAccount } from "./rate-usage.js";

export interface PeriodRatingInput {
  readonly book: PriceBook;
  readonly account: RatingAccount;
  readonly period: Interval;
  /** How long after the period's end usage may still arrive before the period closes. */
  readonly graceMs: number;
  readonly asOf: Instant;
  readonly rows: readonly UsageRow[];
}

export type PeriodRating =
  | { readonly status: "final"; readonly lines: RatedLine[]; readonly totalMinor: MinorUnits }
  | { readonly status: "open"; readonly lines: RatedLine[]; readonly totalMinor: MinorUnits; readonly forecastMinor: MinorUnits };

/**
 * Rates a period as of a moment. Once the grace after its end has passed the result is final;
 * before, it is the period-to-date estimate plus a forecast that assumes each dimension keeps its
 * mean hourly usage so far for the rest of the period (rated with the prices scheduled for then).
 */
export function ratePeriod(input: PeriodRatingInput): Result<PeriodRating> {
  const { book, account, period, asOf } = input;
  if (asOf >= period.end + input.graceMs) {
    const lines = rateUsage(book, account, period, input.rows);
    return lines.ok ? ok({ status: "final", lines: lines.value, totalMinor: totalOf(lines.value) }) : lines;
  }
  const seen = input.rows.filter((row) => row.hourStart < asOf);
  const lines = rateUsage(book, account, period, seen);
  if (!lines.ok) return lines;
  const projected = lines.value.length === 0 ? [] : projectRest(account.accountId, period, asOf, seen);
  const forecast = rateUsage(book, account, period, [...seen, ...projected]);
  if (!forecast.ok) return forecast;
  return ok({ status: "open", lines: lines.value, totalMinor: totalOf(lines.value), forecastMinor: totalOf(forecast.value) });
}

function projectRest(accountId: string, period: Interval, asOf: Instant, seen: readonly UsageRow[]): UsageRow[] {
  const firstFutureHour = Math.max(period.start, Math.ceil(asOf / HOUR_MS) * HOUR_MS);
  const elapsedHours = (firstFutureHour - period.start) / HOUR_MS;
  if (elapsedHours === 0) return [];
  const projected: UsageRow[] = [];
  for (const dimension of DIMENSIONS) {
    const observed = sum(seen.filter((row) => row.accountId === accountId && row.dimension === dimension && row.hourStart >= period.start).map((row) => row.quantity));
    if (observed.isZero()) continue;
    const hourly = observed.dividedBy(elapsedHours);
    for (let hour = firstFutureHour; hour < period.end; hour += HOUR_MS) {
      projected.push({ accountId, clusterId: "forecast", dimension, hourStart: hour, quantity: hourly });
    }
  }
  return projected;
}
