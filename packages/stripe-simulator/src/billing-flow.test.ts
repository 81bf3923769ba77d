import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sequentialIds } from "./runtime.js";
import { startStripeSimulator, type StripeSimulator } from "./simulator.js";
import { sdkFor } from "./test-support/sdk.js";

let simulator: StripeSimulator;
let stripe: Stripe;
let now = 1_800_000_000;

beforeEach(async () => {
  now = 1_800_000_000;
  simulator = await startStripeSimulator({ ids: sequentialIds(), clock: () => now });
  stripe = sdkFor(simulator);
});
afterEach(() => simulator.close());

/** A customer who went through Checkout in setup mode and saved the given card. */
async function customerWithCard(card: "succeed" | "decline"): Promise<Stripe.Customer> {
  const customer = await stripe.customers.create({ email: "ada@example.com", metadata: { tenant: "t-1" } });
  const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "usd", success_url: "https://console.example/billing?done=1" });
  const submitted = await fetch(`${session.url ?? ""}/complete`, { method: "POST", body: new URLSearchParams({ card }), redirect: "manual" });
  expect(submitted.status).toBe(303);
  expect(submitted.headers.get("location")).toBe("https://console.example/billing?done=1");
  return stripe.customers.retrieve(customer.id) as Promise<Stripe.Customer>;
}

describe("customers", () => {
  it("creates, retrieves, updates metadata and lists by email", async () => {
    const created = await stripe.customers.create({ email: "ada@example.com", name: "Ada", metadata: { tenant: "t-1", plan: "free" } });
    expect(created).toMatchObject({ id: "cus_000001", object: "customer", created: now, email: "ada@example.com", metadata: { tenant: "t-1", plan: "free" } });
    await stripe.customers.create({ email: "bob@example.com" });

    const updated = await stripe.customers.update(created.id, { metadata: { plan: "pro", tenant: "" } });
    expect(updated.metadata).toEqual({ plan: "pro" });
    expect(await stripe.customers.retrieve(created.id)).toMatchObject({ name: "Ada", metadata: { plan: "pro" } });

    const listed = await stripe.customers.list({ email: "ada@example.com" });
    expect(listed.object).toBe("list");
    expect(listed.data.map((customer) => customer.id)).toEqual([created.id]);
    expect(listed.has_more).toBe(false);
    const paged = await stripe.customers.list({ limit: 1 });
    expect(paged.data.map((customer) => customer.id)).toEqual(["cus_000002"]);
    expect(paged.has_more).toBe(true);
  });

  it("answers an unknown id with Stripe's resource_missing error", async () => {
    const failure = await stripe.customers.retrieve("cus_missing").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(failure).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id", message: "No such customer: 'cus_missing'" });
  });

  it("names a missing required parameter", async () => {
    const failure = await stripe.invoices.create({} as Stripe.InvoiceCreateParams).catch((error: unknown) => error);
    expect(failure).toMatchObject({ type: "StripeInvalidRequestError", statusCode: 400, param: "customer", message: "Missing required param: customer." });
  });
});

describe("checkout in setup mode", () => {
  it("serves a page whose form saves a card as the customer's default and completes the session", async () => {
    const customer = await stripe.customers.create({});
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "usd" });
    expect(session).toMatchObject({ object: "checkout.session", mode: "setup", status: "open", url: `${simulator.url}/checkout/${session.id}` });
    expect(session.setup_intent).toMatch(/^seti_/);

    const page = await fetch(session.url ?? "");
    expect(await page.text()).toContain(`action="/checkout/${session.id}/complete"`);
    await fetch(`${session.url ?? ""}/complete`, { method: "POST", body: new URLSearchParams({ card: "succeed" }) });

    const saved = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(saved.invoice_settings.default_payment_method).toMatch(/^pm_/);
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: "complete", url: null });
    const intent = await stripe.setupIntents.retrieve(String(session.setup_intent));
    expect(intent).toMatchObject({ status: "succeeded", customer: customer.id, payment_method: saved.invoice_settings.default_payment_method });
    expect(await stripe.paymentMethods.retrieve(String(intent.payment_method))).toMatchObject({ type: "card", card: { brand: "visa", last4: "4242" } });
    expect(simulator.events().map((event) => event.type)).toEqual(["checkout.session.completed"]);
  });
});

describe("invoices", () => {
  it("gathers pending items into a new invoice, totals its lines, finalizes and pays it", async () => {
    const customer = await customerWithCard("succeed");
    const storage = await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", amount: 1250, description: "Storage", metadata: { meter: "storage" } });
    const throughput = await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", unit_amount_decimal: Stripe.Decimal.from("0.25"), quantity: 31, description: "Throughput" });
    const credit = await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", amount: -500, description: "Onboarding credit" });
    expect(throughput.amount).toBe(8);
    expect(storage.invoice).toBeNull();

    const draft = await stripe.invoices.create({
      customer: customer.id,
      auto_advance: false,
      collection_method: "charge_automatically",
      pending_invoice_items_behavior: "include",
      metadata: { period: "2027-01" },
    });
    expect(draft).toMatchObject({ status: "draft", currency: "usd", subtotal: 758, total: 758, amount_due: 758, auto_advance: false, metadata: { period: "2027-01" } });
    expect(draft.lines.data.map((line) => [line.amount, line.description])).toEqual([
      [1250, "Storage"],
      [8, "Throughput"],
      [-500, "Onboarding credit"],
    ]);
    expect(((await stripe.invoiceItems.retrieve(credit.id)) as Stripe.InvoiceItem).invoice).toBe(draft.id);

    const late = await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 42, currency: "usd" });
    expect(late.invoice).toBe(draft.id);
    const empty = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    expect(empty.lines.data).toEqual([]);

    const firstPage = await stripe.invoices.listLineItems(draft.id, { limit: 2 });
    expect([firstPage.data.map((line) => line.amount), firstPage.has_more]).toEqual([[1250, 8], true]);
    const nextPage = await stripe.invoices.listLineItems(draft.id, { limit: 2, starting_after: firstPage.data[1]?.id ?? "" });
    expect([nextPage.data.map((line) => line.amount), nextPage.has_more]).toEqual([[-500, 42], false]);

    const finalized = await stripe.invoices.finalizeInvoice(draft.id);
    expect(finalized).toMatchObject({ status: "open", amount_due: 800, amount_remaining: 800 });
    expect(finalized.number).not.toBeNull();
    now += 60;
    const paid = await stripe.invoices.pay(draft.id);
    expect(paid).toMatchObject({ status: "paid", amount_paid: 800, amount_remaining: 0, attempt_count: 1, status_transitions: { paid_at: now } });

    const listed = await stripe.invoices.list({ customer: customer.id, status: "paid" });
    expect(listed.data.map((invoice) => invoice.id)).toEqual([draft.id]);
    expect(simulator.events().map((event) => event.type)).toEqual(["checkout.session.completed", "invoice.finalized", "invoice.paid"]);
  });

  it("declines the 0341 card: the SDK gets a card error, the invoice stays open and invoice.payment_failed is emitted", async () => {
    const customer = await customerWithCard("decline");
    await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", amount: 900 });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });

    const failure = await stripe.invoices.pay(invoice.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(failure).toMatchObject({ statusCode: 402, code: "card_declined", decline_code: "generic_decline" });
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: "open", amount_paid: 0, amount_remaining: 900, attempted: true, attempt_count: 1 });
    expect(simulator.events().map((event) => event.type)).toEqual(["checkout.session.completed", "invoice.finalized", "invoice.payment_failed"]);
  });

  it("refuses to finalize twice and to pay without a payment method", async () => {
    const customer = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: customer.id, currency: "eur", amount: 100 });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    await stripe.invoices.finalizeInvoice(invoice.id);
    await expect(stripe.invoices.finalizeInvoice(invoice.id)).rejects.toMatchObject({ code: "invoice_unexpected_state" });
    await expect(stripe.invoices.pay(invoice.id)).rejects.toMatchObject({ code: "invoice_no_customer_payment_method" });
    expect(await stripe.invoices.pay(invoice.id, { paid_out_of_band: true })).toMatchObject({ status: "paid" });
  });

  it("marks an invoice with nothing due paid when it is finalized", async () => {
    const customer = await stripe.customers.create({});
    const invoice = await stripe.invoices.create({ customer: customer.id });
    expect(await stripe.invoices.finalizeInvoice(invoice.id)).toMatchObject({ status: "paid", amount_due: 0 });
  });
});

describe("authentication and routing", () => {
  it("refuses keys that are not test secret keys with a 401 in Stripe's shape", async () => {
    const failure = await sdkFor(simulator, "sk_live_nope")
      .customers.create({})
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(failure).toMatchObject({ statusCode: 401 });
    const bare = await fetch(`${simulator.url}/v1/customers`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringContaining("You did not provide an API key") as unknown } });
  });

  it("answers unknown routes with a 404 in Stripe's shape", async () => {
    const failure = await stripe.rawRequest("GET", "/v1/subscriptions_nope").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(failure).toMatchObject({ statusCode: 404, message: expect.stringContaining("Unrecognized request URL (GET: /v1/subscriptions_nope)") as unknown });
  });
});
