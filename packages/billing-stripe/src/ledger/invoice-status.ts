import type { InvoiceStatus } from "@freshet/db/client";
import { recordBillingAudit, type Db } from "./audit.js";

/**
 * The order an invoice's status moves in. Webhooks arrive late, twice or out of order, so a status
 * only ever moves forward: `invoice.paid` before `invoice.finalized` ends in paid, and a failed
 * attempt reported after the payment that followed it changes nothing.
 */
const RANK: Record<InvoiceStatus, number> = { draft: 0, open: 1, payment_failed: 2, paid: 3, void: 3 };

function below(status: InvoiceStatus): InvoiceStatus[] {
  return (Object.keys(RANK) as InvoiceStatus[]).filter((other) => RANK[other] < RANK[status]);
}

export interface InvoiceRef {
  readonly id: string;
  readonly orgId: string;
}

/** Finalized in Stripe: open for payment, unless a later event already moved it further. */
export async function markInvoiceOpen(db: Db, invoice: InvoiceRef, at: Date, hostedUrl: string | null): Promise<void> {
  await db.invoice.updateMany({ where: { id: invoice.id, status: { in: below("open") } }, data: { status: "open" } });
  await db.invoice.updateMany({ where: { id: invoice.id, finalizedAt: null }, data: { finalizedAt: at, ...(hostedUrl === null ? {} : { hostedUrl }) } });
}

/** Paid: the account is in good standing again once no other invoice of it is unpaid after a failure. */
export async function markInvoicePaid(db: Db, invoice: InvoiceRef, at: Date): Promise<boolean> {
  const moved = await db.invoice.updateMany({ where: { id: invoice.id, status: { in: below("paid") } }, data: { status: "paid", paidAt: at } });
  if (moved.count === 0) return false;
  await recordBillingAudit(db, { orgId: invoice.orgId, action: "billing.invoice_paid", targetType: "invoice", targetId: invoice.id, at });
  const stillFailed = await db.invoice.count({ where: { orgId: invoice.orgId, status: "payment_failed" } });
  if (stillFailed === 0) {
    const restored = await db.billingAccount.updateMany({ where: { orgId: invoice.orgId, standing: { not: "good" } }, data: { standing: "good", pastDueSince: null } });
    if (restored.count > 0)
      await recordBillingAudit(db, { orgId: invoice.orgId, action: "billing.standing_changed", targetType: "organization", targetId: invoice.orgId, metadata: { standing: "good" }, at });
  }
  return true;
}

/** A payment attempt failed: the account goes past due (the dunning check suspends it after the grace period). */
export async function markPaymentFailed(db: Db, invoice: InvoiceRef, at: Date, reason: string): Promise<boolean> {
  const moved = await db.invoice.updateMany({ where: { id: invoice.id, status: { in: below("payment_failed") } }, data: { status: "payment_failed" } });
  if (moved.count === 0) return false;
  await recordBillingAudit(db, { orgId: invoice.orgId, action: "billing.payment_failed", targetType: "invoice", targetId: invoice.id, metadata: { reason }, at });
  const pastDue = await db.billingAccount.updateMany({ where: { orgId: invoice.orgId, standing: "good" }, data: { standing: "past_due", pastDueSince: at } });
  if (pastDue.count > 0)
    await recordBillingAudit(db, { orgId: invoice.orgId, action: "billing.standing_changed", targetType: "organization", targetId: invoice.orgId, metadata: { standing: "past_due" }, at });
  return true;
}
