import type Stripe from "stripe";
import type { Db } from "../ledger/audit.js";
import { markInvoiceOpen, markInvoicePaid, markPaymentFailed } from "../ledger/invoice-status.js";
import { reconcileInvoice, type StripeInvoiceTotals } from "../ledger/reconcile.js";

type InvoiceEvent = Stripe.InvoiceFinalizedEvent | Stripe.InvoicePaidEvent | Stripe.InvoicePaymentFailedEvent;

export interface InvoiceEventFacts {
  readonly type: InvoiceEvent["type"];
  readonly stripeInvoiceId: string;
  /** Our invoice id, from the metadata the outbox sent. */
  readonly invoiceId: string | null;
  readonly at: Date;
  readonly hostedUrl: string | null;
  /** Only for invoice.finalized: what to reconcile. */
  readonly totals: StripeInvoiceTotals | null;
}

function positionOf(metadata: Stripe.Metadata | null): number | null {
  const position = metadata?.position;
  return position !== undefined && /^\d+$/.test(position) ? Number(position) : null;
}

/** What the event says, with every line of a finalized invoice (the event embeds only the first ones). */
export async function readInvoiceEvent(stripe: Stripe, event: InvoiceEvent): Promise<InvoiceEventFacts> {
  const invoice = event.data.object;
  const stripeInvoiceId = invoice.id ?? "";
  let totals: StripeInvoiceTotals | null = null;
  if (event.type === "invoice.finalized") {
    const lines: { amountMinor: number; position: number | null }[] = [];
    for await (const line of stripe.invoices.listLineItems(stripeInvoiceId, { limit: 100 })) lines.push({ amountMinor: line.amount, position: positionOf(line.metadata) });
    totals = { stripeInvoiceId, currency: invoice.currency, totalMinor: invoice.total, lines };
  }
  return {
    type: event.type,
    stripeInvoiceId,
    invoiceId: invoice.metadata?.invoiceId ?? null,
    at: new Date(event.created * 1000),
    hostedUrl: invoice.hosted_invoice_url ?? null,
    totals,
  };
}

/** Applies an invoice event to our invoice; events for invoices that are not ours are left alone. */
export async function applyInvoiceEvent(db: Db, facts: InvoiceEventFacts): Promise<void> {
  const invoice = await db.invoice.findFirst({
    where: facts.invoiceId === null ? { stripeInvoiceId: facts.stripeInvoiceId } : { id: facts.invoiceId },
    select: { id: true, orgId: true, stripeInvoiceId: true },
  });
  if (invoice === null || (invoice.stripeInvoiceId !== null && invoice.stripeInvoiceId !== facts.stripeInvoiceId)) return;
  switch (facts.type) {
    case "invoice.finalized":
      await markInvoiceOpen(db, invoice, facts.at, facts.hostedUrl);
      if (facts.totals !== null) await reconcileInvoice(db, invoice.id, facts.totals, facts.at);
      return;
    case "invoice.paid":
      await markInvoicePaid(db, invoice, facts.at);
      return;
    case "invoice.payment_failed":
      await markPaymentFailed(db, invoice, facts.at, "Stripe could not collect the payment.");
      return;
  }
}
