import type { SimulatorContext } from "../context.js";
import type { Invoice, InvoiceItem, InvoiceLine } from "../objects.js";

function lineOf(item: InvoiceItem, invoice: string): InvoiceLine {
  return {
    id: `il_${item.id.slice(item.id.indexOf("_") + 1)}`,
    object: "line_item",
    livemode: false,
    invoice,
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    quantity: item.quantity,
    metadata: item.metadata,
    parent: { type: "invoice_item_details", invoice_item_details: { invoice_item: item.id } },
  };
}

/** Rebuilds an invoice's lines and totals from the invoice items attached to it, then saves it. */
export function withLines(context: SimulatorContext, invoice: Invoice): Invoice {
  const lines = context.store
    .list("invoiceitem")
    .filter((item) => item.invoice === invoice.id)
    .map((item) => lineOf(item, invoice.id));
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  // A negative total is owed to the customer (Stripe moves it to their credit balance): nothing is due.
  const amountDue = Math.max(0, subtotal);
  const refreshed: Invoice = {
    ...invoice,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${invoice.id}/lines` },
    subtotal,
    total: subtotal,
    amount_due: amountDue,
    amount_remaining: amountDue - invoice.amount_paid,
  };
  context.store.put("invoice", refreshed);
  return refreshed;
}
