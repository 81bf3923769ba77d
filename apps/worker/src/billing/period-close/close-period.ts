import { applyCredits } from "@freshet/billing/credits";
import { err, ok, type Result } from "@freshet/billing/money";
import type { RatedLine } from "@freshet/billing/rating";
import type { Interval } from "@freshet/billing/usage";
import { recordBillingAudit } from "@freshet/billing-stripe/ledger";
import { loadCredits } from "@freshet/billing-store/credits";
import { formatMonth, monthBefore } from "@freshet/billing-store/period";
import { rateOrganization } from "@freshet/billing-store/rating";
import { Prisma, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { idempotencyKey, type OutboxKind } from "../outbox/outbox-steps.js";
import { adjustmentsFor } from "./late-adjustments.js";

export interface ClosedPeriod {
  readonly invoiceId: string;
  /** False when an earlier run had already closed the period (nothing was written). */
  readonly created: boolean;
  readonly totalMinor: number;
}

/**
 * Closes one organization's period: rates it (the same rating as the month-to-date estimate),
 * adds adjustments for usage of the month before that arrived after that month closed, pays what
 * the credits cover, and writes the invoice, its lines (credits as negative lines), the credit
 * ledger entries and the outbox rows for Stripe in one transaction. The invoice is unique per
 * organization and period, so closing twice writes once.
 *
 * A period with nothing to bill (no line with an amount) still gets its invoice row, paid at zero
 * and never sent to Stripe: it records that the period closed and is the baseline late usage is
 * compared with.
 */
export async function closeOrganizationPeriod(prisma: PrismaClient, orgId: string, period: Interval, now: number): Promise<Result<ClosedPeriod>> {
  const existing = await prisma.invoice.findUnique({ where: { orgId_periodStart: { orgId, periodStart: new Date(period.start) } } });
  if (existing !== null) return ok({ invoiceId: existing.id, created: false, totalMinor: existing.totalMinor });
  const rated = await rateOrganization(prisma, orgId, period);
  if (!rated.ok) return err(`Period ${formatMonth(period)} of ${orgId} cannot be rated: ${rated.error}`);
  const late = await adjustmentsFor(prisma, orgId, monthBefore(period));
  if (!late.ok) return err(`Late usage of ${formatMonth(monthBefore(period))} of ${orgId} cannot be rated: ${late.error}`);
  const credits = await loadCredits(prisma, orgId);
  if (!credits.ok) return credits;
  const lines: RatedLine[] = [...rated.value.lines, ...late.value];
  const application = applyCredits(lines, credits.value.grants, credits.value.entries, now);
  const account = await prisma.billingAccount.findUnique({ where: { orgId }, select: { currency: true } });
  const currency = account?.currency ?? "usd";

  const invoiceId = newId("invoice", now);
  const subtotalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const creditsMinor = application.creditLines.reduce((sum, line) => sum + line.amountMinor, 0);
  const billable = lines.some((line) => line.amountMinor !== 0);
  const at = new Date(now);
  const usageRows = lines.map((line, position) => ({
    id: newId("invoiceLine", now),
    invoiceId,
    position,
    kind: line.kind,
    dimension: line.dimension,
    priceVersionId: line.priceVersionId,
    segmentStart: new Date(line.segmentStart),
    segmentEnd: new Date(line.segmentEnd),
    quantity: new Prisma.Decimal(line.quantity),
    amountMinor: line.amountMinor,
    description: line.description,
  }));
  const creditRows = application.creditLines.map((line, index) => ({
    id: newId("invoiceLine", now),
    invoiceId,
    position: lines.length + index,
    kind: "credit",
    grantId: line.grantId,
    amountMinor: line.amountMinor,
    description: line.description,
  }));
  const lineRows = [...usageRows, ...creditRows];
  const outbox = (kind: OutboxKind, payload: Prisma.InputJsonObject, position?: number) => ({
    id: newId("billingOutbox", now),
    orgId,
    invoiceId,
    kind,
    idempotencyKey: idempotencyKey(invoiceId, kind, position),
    payload,
  });
  const outboxRows = billable
    ? [
        outbox("create_invoice", { currency, period: formatMonth(period) }),
        ...lineRows.map((line) => outbox("invoice_item", { position: line.position, lineId: line.id, amountMinor: line.amountMinor, currency, description: line.description }, line.position)),
        outbox("finalize_invoice", {}),
        outbox("pay_invoice", {}),
      ]
    : [];

  try {
    await prisma.$transaction(async (tx) => {
      await tx.invoice.create({
        data: {
          id: invoiceId,
          orgId,
          periodStart: new Date(period.start),
          periodEnd: new Date(period.end),
          currency,
          subtotalMinor,
          creditsMinor,
          totalMinor: application.dueMinor,
          ...(billable ? {} : { status: "paid", paidAt: at, reconciliation: "matched" }),
        },
      });
      await tx.invoiceLine.createMany({ data: lineRows });
      await tx.creditLedgerEntry.createMany({
        data: application.entries.map((entry) => ({
          id: newId("creditLedgerEntry", now),
          grantId: entry.grantId,
          invoiceId,
          kind: entry.kind,
          amountMinor: entry.amountMinor,
          lineRef: entry.lineRef,
          at,
        })),
      });
      await tx.billingOutbox.createMany({ data: outboxRows });
      await recordBillingAudit(tx, {
        orgId,
        action: "billing.period_closed",
        targetType: "invoice",
        targetId: invoiceId,
        metadata: { period: formatMonth(period), subtotalMinor, creditsMinor, totalMinor: application.dueMinor, lines: lineRows.length, sentToStripe: billable },
        at,
      });
    });
  } catch (error) {
    // Another run closed the same period first; its invoice is the one.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await prisma.invoice.findUniqueOrThrow({ where: { orgId_periodStart: { orgId, periodStart: new Date(period.start) } } });
      return ok({ invoiceId: winner.id, created: false, totalMinor: winner.totalMinor });
    }
    throw error;
  }
  return ok({ invoiceId, created: true, totalMinor: application.dueMinor });
}
