import { z } from "zod";
import { booleanParam, existing, listOf, metadataParam, parameters, type SimulatorContext } from "../context.js";
import type { Invoice } from "../objects.js";
import { invalidRequest, StripeFailure } from "../stripe-error.js";
import { isDecliningCard } from "./checkout.js";
import { withLines } from "./invoice-lines.js";

const createParams = z.looseObject({
  customer: z.string(),
  auto_advance: booleanParam.optional(),
  collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
  currency: z.string().optional(),
  default_payment_method: z.string().optional(),
  metadata: metadataParam,
  // Stripe's default since API 2022-08-01 is exclude: pending items stay pending unless asked for.
  pending_invoice_items_behavior: z.enum(["include", "exclude"]).optional(),
});
const listParams = z.looseObject({ customer: z.string().optional(), status: z.enum(["draft", "open", "paid", "void", "uncollectible"]).optional() });
const payParams = z.looseObject({ paid_out_of_band: booleanParam.optional(), payment_method: z.string().optional() });

export function createInvoice(context: SimulatorContext, input: unknown): Invoice {
  const params = parameters(createParams, input);
  existing(context, "customer", params.customer, "customer", "customer");
  const pending = params.pending_invoice_items_behavior === "include" ? context.store.list("invoiceitem").filter((item) => item.customer === params.customer && item.invoice === null) : [];
  const invoice: Invoice = {
    id: context.ids("in"),
    object: "invoice",
    created: context.clock(),
    livemode: false,
    customer: params.customer,
    status: "draft",
    number: null,
    currency: params.currency ?? pending[0]?.currency ?? "usd",
    auto_advance: params.auto_advance ?? true,
    collection_method: params.collection_method ?? "charge_automatically",
    default_payment_method: params.default_payment_method ?? null,
    metadata: params.metadata ?? {},
    lines: { object: "list", data: [], has_more: false, url: "" },
    subtotal: 0,
    total: 0,
    amount_due: 0,
    amount_paid: 0,
    amount_remaining: 0,
    attempted: false,
    attempt_count: 0,
    status_transitions: { finalized_at: null, paid_at: null },
  };
  for (const item of pending) context.store.put("invoiceitem", { ...item, invoice: invoice.id });
  return withLines(context, invoice);
}

export function retrieveInvoice(context: SimulatorContext, id: string): Invoice {
  return existing(context, "invoice", id, "invoice");
}

/** An invoice's lines, paged as Stripe pages them (the invoice object itself embeds only the first ten). */
export function listInvoiceLines(context: SimulatorContext, id: string, query: unknown) {
  const invoice = retrieveInvoice(context, id);
  // listOf pages newest first; lines keep their own order, so hand it the reverse.
  return listOf([...invoice.lines.data].reverse(), `/v1/invoices/${id}/lines`, query);
}

export function listInvoices(context: SimulatorContext, query: unknown) {
  const { customer, status } = parameters(listParams, query);
  const invoices = context.store.list("invoice").filter((invoice) => (customer === undefined || invoice.customer === customer) && (status === undefined || invoice.status === status));
  return listOf(invoices, "/v1/invoices", query);
}

function markPaid(context: SimulatorContext, invoice: Invoice): Invoice {
  const paid: Invoice = { ...invoice, status: "paid", amount_paid: invoice.amount_due, amount_remaining: 0, status_transitions: { ...invoice.status_transitions, paid_at: context.clock() } };
  context.store.put("invoice", paid);
  context.emit("invoice.paid", paid);
  return paid;
}

export function finalizeInvoice(context: SimulatorContext, id: string): Invoice {
  const invoice = retrieveInvoice(context, id);
  if (invoice.status !== "draft") throw invalidRequest("This invoice is already finalized, you can't re-finalize a non-draft invoice.", undefined, "invoice_unexpected_state");
  const sequence = context.store.list("invoice").filter((other) => other.customer === invoice.customer && other.number !== null).length + 1;
  const finalized: Invoice = {
    ...invoice,
    status: "open",
    number: `${invoice.customer.slice(-8).toUpperCase()}-${String(sequence).padStart(4, "0")}`,
    status_transitions: { ...invoice.status_transitions, finalized_at: context.clock() },
  };
  context.store.put("invoice", finalized);
  context.emit("invoice.finalized", finalized);
  // Stripe settles an invoice with nothing due as soon as it is finalized.
  return finalized.amount_due === 0 ? markPaid(context, finalized) : finalized;
}

export function payInvoice(context: SimulatorContext, id: string, input: unknown): Invoice {
  const params = parameters(payParams, input);
  const current = retrieveInvoice(context, id);
  if (current.status !== "draft" && current.status !== "open") throw invalidRequest(`Invoice is already ${current.status}.`, undefined, "invoice_not_open");
  // Paying a draft finalizes it first, as Stripe does.
  const invoice = current.status === "draft" ? finalizeInvoice(context, id) : current;
  if (invoice.status === "paid" || params.paid_out_of_band === true) return markPaid(context, invoice);
  const customer = existing(context, "customer", invoice.customer, "customer");
  const methodId = params.payment_method ?? invoice.default_payment_method ?? customer.invoice_settings.default_payment_method;
  if (methodId === null) throw invalidRequest("This customer has no attached payment source or default payment method.", undefined, "invoice_no_customer_payment_method");
  const method = existing(context, "payment_method", methodId, "PaymentMethod", "payment_method");
  const attempted: Invoice = { ...invoice, attempted: true, attempt_count: invoice.attempt_count + 1 };
  context.store.put("invoice", attempted);
  if (isDecliningCard(method)) {
    context.emit("invoice.payment_failed", attempted);
    throw new StripeFailure(402, { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." });
  }
  return markPaid(context, attempted);
}
