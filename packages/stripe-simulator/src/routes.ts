import type { SimulatorContext } from "./context.js";
import type { FormObject } from "./form.js";
import { createCheckoutSession, retrieveCheckoutSession, retrievePaymentMethod, retrieveSetupIntent } from "./resources/checkout.js";
import { createCustomer, listCustomers, retrieveCustomer, updateCustomer } from "./resources/customers.js";
import { createInvoiceItem, retrieveInvoiceItem } from "./resources/invoice-items.js";
import { createInvoice, finalizeInvoice, listInvoiceLines, listInvoices, payInvoice, retrieveInvoice } from "./resources/invoices.js";
import { missingResource } from "./stripe-error.js";

type Handler = (context: SimulatorContext, params: FormObject, id: string) => unknown;

interface Route {
  readonly method: "GET" | "POST";
  readonly pattern: RegExp;
  readonly handle: Handler;
}

const id = "([A-Za-z0-9_]+)";

/** The Stripe API surface the billing flow uses; the capture group, when present, is the resource id. */
export const routes: readonly Route[] = [
  { method: "POST", pattern: /^\/v1\/customers$/, handle: (context, params) => createCustomer(context, params) },
  { method: "GET", pattern: /^\/v1\/customers$/, handle: (context, params) => listCustomers(context, params) },
  { method: "GET", pattern: new RegExp(`^/v1/customers/${id}$`), handle: (context, _params, customer) => retrieveCustomer(context, customer) },
  { method: "POST", pattern: new RegExp(`^/v1/customers/${id}$`), handle: (context, params, customer) => updateCustomer(context, customer, params) },
  { method: "POST", pattern: /^\/v1\/checkout\/sessions$/, handle: (context, params) => createCheckoutSession(context, params) },
  { method: "GET", pattern: new RegExp(`^/v1/checkout/sessions/${id}$`), handle: (context, _params, session) => retrieveCheckoutSession(context, session) },
  { method: "GET", pattern: new RegExp(`^/v1/setup_intents/${id}$`), handle: (context, _params, intent) => retrieveSetupIntent(context, intent) },
  { method: "GET", pattern: new RegExp(`^/v1/payment_methods/${id}$`), handle: (context, _params, method) => retrievePaymentMethod(context, method) },
  { method: "POST", pattern: /^\/v1\/invoiceitems$/, handle: (context, params) => createInvoiceItem(context, params) },
  { method: "GET", pattern: new RegExp(`^/v1/invoiceitems/${id}$`), handle: (context, _params, item) => retrieveInvoiceItem(context, item) },
  { method: "POST", pattern: /^\/v1\/invoices$/, handle: (context, params) => createInvoice(context, params) },
  { method: "GET", pattern: /^\/v1\/invoices$/, handle: (context, params) => listInvoices(context, params) },
  { method: "GET", pattern: new RegExp(`^/v1/invoices/${id}$`), handle: (context, _params, invoice) => retrieveInvoice(context, invoice) },
  { method: "GET", pattern: new RegExp(`^/v1/invoices/${id}/lines$`), handle: (context, params, invoice) => listInvoiceLines(context, invoice, params) },
  { method: "POST", pattern: new RegExp(`^/v1/invoices/${id}/finalize$`), handle: (context, _params, invoice) => finalizeInvoice(context, invoice) },
  { method: "POST", pattern: new RegExp(`^/v1/invoices/${id}/pay$`), handle: (context, params, invoice) => payInvoice(context, invoice, params) },
  {
    method: "GET",
    pattern: new RegExp(`^/v1/events/${id}$`),
    handle: (context, _params, event) => {
      const found = context.store.get("event", event);
      if (found === undefined) throw missingResource("event", event);
      return found;
    },
  },
];

export function findRoute(method: string, path: string): { handle: Handler; id: string } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match !== null) return { handle: route.handle, id: match[1] ?? "" };
  }
  return undefined;
}
