import { ok, type Result } from "@freshet/billing/money";
import { lateUsageAdjustments, type RatedLine } from "@freshet/billing/rating";
import type { Interval } from "@freshet/billing/usage";
import { dimensionSchema } from "@freshet/billing/usage";
import { rateOrganization } from "@freshet/billing-store/rating";
import { planOfClusters } from "@freshet/billing-store/usage";
import type { PrismaClient } from "@freshet/db/client";

/**
 * Usage of `closed` that arrived after its invoice was written, as adjustment lines for the next
 * invoice. The period is re-rated per plan with every row now known and compared with the usage
 * lines the closed invoice billed (a price version belongs to one plan, so its id says the plan).
 * Without an invoice for `closed` there is nothing to compare with, and no adjustment.
 */
export async function adjustmentsFor(prisma: PrismaClient, orgId: string, closed: Interval): Promise<Result<RatedLine[]>> {
  const invoice = await prisma.invoice.findUnique({ where: { orgId_periodStart: { orgId, periodStart: new Date(closed.start) } }, include: { lines: { where: { kind: "usage" } } } });
  if (invoice === null) return ok([]);
  const rated = await rateOrganization(prisma, orgId, closed);
  if (!rated.ok) return rated;
  const { book, rows } = rated.value;
  const planOfVersion = new Map(book.versions.map((version) => [version.id, version.planId]));
  const billed: (RatedLine & { planId: string | undefined })[] = invoice.lines.flatMap((line) => {
    const dimension = dimensionSchema.safeParse(line.dimension);
    if (!dimension.success || line.priceVersionId === null || line.segmentStart === null || line.segmentEnd === null || line.quantity === null) return [];
    return [
      {
        kind: "usage" as const,
        dimension: dimension.data,
        priceVersionId: line.priceVersionId,
        segmentStart: line.segmentStart.getTime(),
        segmentEnd: line.segmentEnd.getTime(),
        quantity: line.quantity.toFixed(),
        amountMinor: line.amountMinor,
        description: line.description,
        planId: planOfVersion.get(line.priceVersionId),
      },
    ];
  });
  const plans = await planOfClusters(prisma, orgId);
  const adjustments: RatedLine[] = [];
  for (const planId of [...new Set(plans.values())].sort()) {
    const planRows = rows.filter((row) => plans.get(row.clusterId) === planId);
    const planBilled = billed.filter((line) => line.planId === planId);
    if (planRows.length === 0 && planBilled.length === 0) continue;
    const late = lateUsageAdjustments(book, { accountId: orgId, planId }, closed, planBilled, planRows);
    if (!late.ok) return late;
    adjustments.push(...late.value);
  }
  return ok(adjustments);
}
