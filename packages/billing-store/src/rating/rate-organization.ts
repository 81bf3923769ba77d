import { err, ok, type Result } from "@freshet/billing/money";
import type { PriceBook } from "@freshet/billing/price-book";
import { rateUsage, type RatedLine } from "@freshet/billing/rating";
import type { Interval, UsageRow } from "@freshet/billing/usage";
import type { PrismaClient } from "@freshet/db/client";
import { loadPriceBook } from "../price-book/load-price-book.js";
import { loadUsageRows, planOfClusters } from "../usage/load-usage.js";

export interface PlanLine extends RatedLine {
  readonly planId: string;
}

export interface OrganizationRating {
  readonly book: PriceBook;
  readonly rows: readonly UsageRow[];
  readonly lines: readonly PlanLine[];
}

/**
 * Rates an organization's usage in `period`: each cluster's usage is priced by its plan, and the
 * clusters on one plan share that plan's tiers (they are one customer's usage). The same function
 * serves the month-to-date estimate and the close of a period.
 */
export async function rateOrganization(prisma: PrismaClient, orgId: string, period: Interval): Promise<Result<OrganizationRating>> {
  const [book, rows, plans] = await Promise.all([loadPriceBook(prisma), loadUsageRows(prisma, orgId, period), planOfClusters(prisma, orgId)]);
  if (!book.ok) return book;
  if (!rows.ok) return rows;
  const byPlan = new Map<string, UsageRow[]>();
  for (const row of rows.value) {
    const plan = plans.get(row.clusterId);
    if (plan === undefined) return err(`Usage names cluster ${row.clusterId}, which organization ${orgId} does not have.`);
    byPlan.set(plan, [...(byPlan.get(plan) ?? []), row]);
  }
  const lines: PlanLine[] = [];
  for (const [planId, planRows] of [...byPlan].sort(([a], [b]) => a.localeCompare(b))) {
    const rated = rateUsage(book.value, { accountId: orgId, planId }, period, planRows);
    if (!rated.ok) return rated;
    lines.push(...rated.value.map((line) => ({ ...line, planId })));
  }
  return ok({ book: book.value, rows: rows.value, lines });
}
