import { recordBillingAudit, type Db } from "./audit.js";

/** What Stripe finalized, reduced to what our ledger can be compared with. */
export interface StripeInvoiceTotals {
  readonly stripeInvoiceId: string;
  readonly currency: string;
  readonly totalMinor: number;
  /** Each line's amount and the position of our line it was sent for (metadata.position), if any. */
  readonly lines: readonly { readonly amountMinor: number; readonly position: number | null }[];
}

export interface LedgerInvoice {
  readonly currency: string;
  readonly totalMinor: number;
  readonly lines: readonly { readonly position: number; readonly amountMinor: number }[];
}

/** Every difference between Stripe's invoice and ours, to the cent (no tolerance: rounding happened once, per line, here). */
export function invoiceDifferences(ours: LedgerInvoice, theirs: StripeInvoiceTotals): string[] {
  const differences: string[] = [];
  if (theirs.currency !== ours.currency) differences.push(`currency is ${theirs.currency} in Stripe but ${ours.currency} in the ledger`);
  if (theirs.totalMinor !== ours.totalMinor) differences.push(`total is ${theirs.totalMinor} in Stripe but ${ours.totalMinor} in the ledger`);
  const expected = new Map(ours.lines.map((line) => [line.position, line.amountMinor]));
  const seen = new Set<number>();
  for (const line of theirs.lines) {
    if (line.position === null || !expected.has(line.position)) {
      differences.push(`Stripe has a line of ${line.amountMinor} that is not in the ledger`);
      continue;
    }
    if (seen.has(line.position)) differences.push(`Stripe has line ${line.position} twice`);
    seen.add(line.position);
    if (expected.get(line.position) !== line.amountMinor) differences.push(`line ${line.position} is ${line.amountMinor} in Stripe but ${expected.get(line.position)} in the ledger`);
  }
  for (const position of expected.keys()) if (!seen.has(position)) differences.push(`line ${position} of the ledger is missing in Stripe`);
  return differences;
}

/**
 * Compares a finalized Stripe invoice with our invoice, once: a replayed `invoice.finalized`
 * finds the verdict already written. A mismatch is flagged on the invoice for staff and audited.
 */
export async function reconcileInvoice(db: Db, invoiceId: string, theirs: StripeInvoiceTotals, at: Date): Promise<"matched" | "mismatch" | null> {
  const invoice = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: { lines: { select: { position: true, amountMinor: true } } } });
  if (invoice.reconciliation !== "pending") return null;
  const differences = invoiceDifferences(invoice, theirs);
  const verdict = differences.length === 0 ? "matched" : "mismatch";
  const detail = differences.length === 0 ? null : `${differences.join("; ")}.`;
  const written = await db.invoice.updateMany({ where: { id: invoiceId, reconciliation: "pending" }, data: { reconciliation: verdict, mismatchDetail: detail } });
  if (written.count === 0) return null;
  await recordBillingAudit(db, {
    orgId: invoice.orgId,
    action: verdict === "matched" ? "billing.invoice_reconciled" : "billing.reconciliation_mismatch",
    targetType: "invoice",
    targetId: invoiceId,
    metadata: { stripeInvoiceId: theirs.stripeInvoiceId, stripeTotalMinor: theirs.totalMinor, ledgerTotalMinor: invoice.totalMinor, ...(detail === null ? {} : { detail }) },
    at,
  });
  return verdict;
}
