import { applyCredits } from "@freshet/billing/credits";
import { err, ok, sum, type MinorUnits, type Result } from "@freshet/billing/money";
import { ratePeriod, totalOf } from "@freshet/billing/rating";
import { DIMENSIONS, type Dimension, type Instant, type Interval } from "@freshet/billing/usage";
import { loadCredits } from "@freshet/billing-store/credits";
import { monthContaining } from "@freshet/billing-store/period";
import { rateOrganization } from "@freshet/billing-store/rating";
import { planOfClusters } from "@freshet/billing-store/usage";
import type { PrismaClient } from "@freshet/db/client";
import { costByCluster } from "./cost-shares.js";

export interface MonthSummary {
  readonly period: Interval;
  readonly byDimension: Array<{ dimension: Dimension; quantity: string; amountMinor: MinorUnits }>;
  readonly byCluster: Array<{ clusterId: string; planId: string; amountMinor: MinorUnits }>;
  readonly subtotalMinor: MinorUnits;
  /** What the month will cost if each dimension keeps its mean hourly usage so far, rated with the same tiers. */
  readonly forecastMinor: MinorUnits;
  /** Credits that would pay for the month so far (negative). */
  readonly creditsMinor: MinorUnits;
  readonly dueMinor: MinorUnits;
}

/**
 * The month-to-date bill as of `now`: rated by `rateOrganization` (the one rating the invoice uses
 * too), split per dimension and per cluster, with a forecast and the credits that would apply.
 */
export async function monthSummary(prisma: PrismaClient, orgId: string, now: Instant): Promise<Result<MonthSummary>> {
  const period = monthContaining(now);
  const [rating, credits, plans] = await Promise.all([rateOrganization(prisma, orgId, period), loadCredits(prisma, orgId), planOfClusters(prisma, orgId)]);
  if (!rating.ok) return rating;
  if (!credits.ok) return credits;
  const { book, rows, lines } = rating.value;

  let forecastMinor = 0;
  for (const planId of new Set(lines.map((line) => line.planId))) {
    const planRows = rows.filter((row) => plans.get(row.clusterId) === planId);
    const rated = ratePeriod({ book, account: { accountId: orgId, planId }, period, graceMs: 0, asOf: now, rows: planRows });
    if (!rated.ok) return rated;
    if (rated.value.status !== "open") return err(`The month of ${new Date(now).toISOString()} is already over.`);
    forecastMinor += rated.value.forecastMinor;
  }

  const byDimension = DIMENSIONS.flatMap((dimension) => {
    const own = lines.filter((line) => line.dimension === dimension);
    if (own.length === 0) return [];
    return [{ dimension, quantity: sum(rows.filter((row) => row.dimension === dimension).map((row) => row.quantity)).toFixed(), amountMinor: totalOf(own) }];
  });
  const byCluster = [...costByCluster(lines, rows, plans)].map(([clusterId, amountMinor]) => ({ clusterId, planId: plans.get(clusterId) ?? "unknown", amountMinor }));
  const applied = applyCredits(lines, credits.value.grants, credits.value.entries, now);
  const subtotalMinor = totalOf(lines);
  return ok({
    period,
    byDimension,
    byCluster: byCluster.sort((a, b) => a.clusterId.localeCompare(b.clusterId)),
    subtotalMinor,
    forecastMinor,
    creditsMinor: applied.dueMinor - subtotalMinor,
    dueMinor: applied.dueMinor,
  });
}
