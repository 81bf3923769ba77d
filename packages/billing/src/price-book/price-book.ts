import { err, ok, type Result } from "../money/result.js";
import type { Dimension } from "../usage/dimension.js";
import type { Instant, Interval } from "../usage/time.js";
import { endOf, inForceAt, type PriceVersion } from "./price-version.js";

/** A validated set of price versions: no two of the same plan (or override owner) and dimension overlap. */
export interface PriceBook {
  readonly versions: readonly PriceVersion[];
}

/** A stretch of a period priced by one version. */
export interface PricedSegment extends Interval {
  readonly version: PriceVersion;
}

function owner(version: PriceVersion): string {
  return `${version.planId}/${version.accountId ?? "*"}/${version.dimension}`;
}

export function createPriceBook(versions: readonly PriceVersion[]): Result<PriceBook> {
  const seenIds = new Set<string>();
  for (const version of versions) {
    if (seenIds.has(version.id)) return err(`Price version ${version.id} appears twice.`);
    seenIds.add(version.id);
  }
  const sorted = [...versions].sort((a, b) => owner(a).localeCompare(owner(b)) || a.effectiveFrom - b.effectiveFrom);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as PriceVersion;
    const current = sorted[i] as PriceVersion;
    if (owner(previous) === owner(current) && endOf(previous) > current.effectiveFrom) {
      return err(
        `Price versions ${previous.id} and ${current.id} overlap: both price ${current.dimension} at ${new Date(current.effectiveFrom).toISOString()}${current.accountId === null ? "" : ` for account ${current.accountId}`}.`,
      );
    }
  }
  return ok({ versions: sorted });
}

/**
 * Cuts `period` at every price change of `dimension` for the account and names the version in
 * force on each piece; an account's override wins over its plan's list price.
 */
export function segmentsFor(book: PriceBook, query: { planId: string; accountId: string; dimension: Dimension; period: Interval }): Result<PricedSegment[]> {
  const { period } = query;
  const relevant = book.versions.filter(
    (v) => v.planId === query.planId && v.dimension === query.dimension && (v.accountId === null || v.accountId === query.accountId) && v.effectiveFrom < period.end && endOf(v) > period.start,
  );
  const cuts = new Set<Instant>([period.start, period.end]);
  for (const version of relevant) {
    if (version.effectiveFrom > period.start) cuts.add(version.effectiveFrom);
    if (endOf(version) < period.end) cuts.add(endOf(version));
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const segments: PricedSegment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i] as Instant;
    const end = bounds[i + 1] as Instant;
    const inForce = relevant.filter((v) => inForceAt(v, start));
    const version = inForce.find((v) => v.accountId !== null) ?? inForce[0];
    if (version === undefined) return err(`Plan ${query.planId} has no price for ${query.dimension} at ${new Date(start).toISOString()}.`);
    const last = segments[segments.length - 1];
    if (last !== undefined && last.version.id === version.id) segments[segments.length - 1] = { ...last, end };
    else segments.push({ start, end, version });
  }
  return ok(segments);
}
