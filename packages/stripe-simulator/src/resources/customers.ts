import { z } from "zod";
import { existing, listOf, mergeMetadata, metadataParam, parameters, type SimulatorContext } from "../context.js";
import type { Customer } from "../objects.js";

const createParams = z.looseObject({ email: z.string().optional(), name: z.string().optional(), description: z.string().optional(), metadata: metadataParam });
const updateParams = createParams.extend({ invoice_settings: z.looseObject({ default_payment_method: z.string().optional() }).optional() });
const listParams = z.looseObject({ email: z.string().optional() });

export function createCustomer(context: SimulatorContext, input: unknown): Customer {
  const params = parameters(createParams, input);
  const customer: Customer = {
    id: context.ids("cus"),
    object: "customer",
    created: context.clock(),
    livemode: false,
    email: params.email ?? null,
    name: params.name ?? null,
    description: params.description ?? null,
    metadata: mergeMetadata({}, params.metadata),
    invoice_settings: { default_payment_method: null },
  };
  context.store.put("customer", customer);
  return customer;
}

export function retrieveCustomer(context: SimulatorContext, id: string): Customer {
  return existing(context, "customer", id, "customer");
}

export function updateCustomer(context: SimulatorContext, id: string, input: unknown): Customer {
  const customer = retrieveCustomer(context, id);
  const params = parameters(updateParams, input);
  const paymentMethod = params.invoice_settings?.default_payment_method;
  if (paymentMethod !== undefined && paymentMethod !== "") existing(context, "payment_method", paymentMethod, "PaymentMethod", "invoice_settings[default_payment_method]");
  const updated: Customer = {
    ...customer,
    email: params.email ?? customer.email,
    name: params.name ?? customer.name,
    description: params.description ?? customer.description,
    metadata: mergeMetadata(customer.metadata, params.metadata),
    invoice_settings: { default_payment_method: paymentMethod === undefined ? customer.invoice_settings.default_payment_method : paymentMethod || null },
  };
  context.store.put("customer", updated);
  return updated;
}

export function listCustomers(context: SimulatorContext, query: unknown) {
  const { email } = parameters(listParams, query);
  const customers = context.store.list("customer").filter((customer) => email === undefined || customer.email === email);
  return listOf(customers, "/v1/customers", query);
}
