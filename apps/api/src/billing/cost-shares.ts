import { ZERO, type Decimal, type MinorUnits } from "@freshet/billing/money";
import type { RatedLine } from "@freshet/billing/rating";
import type { UsageRow } from "@freshet/billing/usage";

/** A rated line of one plan, as `rateOrganization` answers it. */
export interface PlanRatedLine extends RatedLine {
  readonly planId: string;
}

/**
 * Each cluster's share of each line, in proportion to the cluster's quantity in the line's
 * stretch. Shares are whole minor units that add up to the line exactly (largest remainder: the
 * leftover cents go to the clusters whose exact shares lost most to rounding down), so the
 * per-cluster view never disagrees with the invoice by a cent.
 */
export function costByCluster(lines: readonly PlanRatedLine[], rows: readonly UsageRow[], planOf: ReadonlyMap<string, string>): Map<string, MinorUnits> {
  const totals = new Map<string, MinorUnits>();
  for (const line of lines) {
    const quantities = new Map<string, Decimal>();
    for (const row of rows) {
      if (row.dimension !== line.dimension || planOf.get(row.clusterId) !== line.planId) continue;
      if (row.hourStart < line.segmentStart || row.hourStart >= line.segmentEnd) continue;
      quantities.set(row.clusterId, (quantities.get(row.clusterId) ?? ZERO).plus(row.quantity));
    }
    for (const [clusterId, share] of apportion(line.amountMinor, quantities)) totals.set(clusterId, (totals.get(clusterId) ?? 0) + share);
  }
  return totals;
}

/** Splits `amount` by `weights` into integers that sum to `amount` exactly. */
export function apportion(amount: MinorUnits, weights: ReadonlyMap<string, Decimal>): Map<string, MinorUnits> {
  const total = [...weights.values()].reduce((sum, weight) => sum.plus(weight), ZERO);
  const shares = new Map<string, MinorUnits>();
  if (weights.size === 0) return shares;
  if (total.isZero()) {
    // No quantity to weigh by (a zero line over zero usage): the first cluster carries it.
    const [first] = [...weights.keys()].sort();
    for (const key of weights.keys()) shares.set(key, key === first ? amount : 0);
    return shares;
  }
  const sign = amount < 0 ? -1 : 1;
  const magnitude = Math.abs(amount);
  const exact = [...weights].map(([key, weight]) => ({ key, exact: weight.times(magnitude).dividedBy(total) }));
  let left = magnitude;
  for (const { key, exact: value } of exact) {
    const floor = value.floor().toNumber();
    shares.set(key, floor);
    left -= floor;
  }
  const byRemainder = [...exact].sort((a, b) => b.exact.minus(b.exact.floor()).comparedTo(a.exact.minus(a.exact.floor())) || a.key.localeCompare(b.key));
  for (const { key } of byRemainder.slice(0, left)) shares.set(key, (shares.get(key) ?? 0) + 1);
  for (const [key, share] of shares) shares.set(key, sign * share);
  return shares;
}
