import { z } from "zod";
import { existing, integerParam, metadataParam, parameters, type SimulatorContext } from "../context.js";
import type { InvoiceItem } from "../objects.js";
import { invalidRequest } from "../stripe-error.js";
import { withLines } from "./invoice-lines.js";

const createParams = z.looseObject({
  customer: z.string(),
  amount: integerParam.optional(),
  unit_amount_decimal: z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, "expected a decimal number")
    .optional(),
  quantity: integerParam.pipe(z.number().int().min(0)).optional(),
  quantity_decimal: z
    .string()
    .regex(/^\d+(\.\d+)?$/, "expected a non-negative decimal number")
    .optional(),
  currency: z
    .string()
    .regex(/^[a-z]{3}$/, "expected a three-letter ISO currency code in lowercase")
    .optional(),
  description: z.string().optional(),
  metadata: metadataParam,
  invoice: z.string().optional(),
});

export function createInvoiceItem(context: SimulatorContext, input: unknown): InvoiceItem {
  const params = parameters(createParams, input);
  existing(context, "customer", params.customer, "customer", "customer");
  const invoice = params.invoice === undefined ? undefined : existing(context, "invoice", params.invoice, "invoice", "invoice");
  if (invoice !== undefined && invoice.customer !== params.customer) throw invalidRequest("The invoice belongs to a different customer.", "invoice");
  if (invoice !== undefined && invoice.status !== "draft") throw invalidRequest(`Invoice ${invoice.id} is not a draft, so items can no longer be added to it.`, "invoice", "invoice_not_editable");
  const currency = params.currency ?? invoice?.currency;
  if (currency === undefined) throw invalidRequest("Missing required param: currency.", "currency", "parameter_missing");
  if ((params.amount === undefined) === (params.unit_amount_decimal === undefined)) {
    throw invalidRequest("Pass exactly one of amount or unit_amount_decimal.", params.amount === undefined ? "amount" : "unit_amount_decimal");
  }
  const quantity = params.quantity_decimal ?? String(params.quantity ?? 1);
  // Stripe rounds a fractional unit price times quantity to the nearest minor unit.
  const amount = params.amount ?? Math.round(Number(params.unit_amount_decimal) * Number(quantity));
  const item: InvoiceItem = {
    id: context.ids("ii"),
    object: "invoiceitem",
    date: context.clock(),
    livemode: false,
    customer: params.customer,
    invoice: invoice?.id ?? null,
    amount,
    currency,
    description: params.description ?? null,
    quantity: Math.trunc(Number(quantity)),
    quantity_decimal: quantity,
    unit_amount_decimal: params.unit_amount_decimal ?? null,
    metadata: params.metadata ?? {},
  };
  context.store.put("invoiceitem", item);
  if (invoice !== undefined) withLines(context, invoice);
  return item;
}

export function retrieveInvoiceItem(context: SimulatorContext, id: string): InvoiceItem {
  return existing(context, "invoiceitem", id, "invoiceitem");
}
