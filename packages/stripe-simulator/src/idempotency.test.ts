import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startStripeSimulator, type StripeSimulator } from "./simulator.js";
import { sdkFor } from "./test-support/sdk.js";

let simulator: StripeSimulator;
let stripe: Stripe;

beforeEach(async () => {
  simulator = await startStripeSimulator();
  stripe = sdkFor(simulator);
});
afterEach(() => simulator.close());

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and parameters without creating a second object", async () => {
    const customer = await stripe.customers.create({});
    const params = { customer: customer.id, currency: "usd", amount: 700, metadata: { usage_period: "2027-01", meter: "storage" } };
    const first = await stripe.invoiceItems.create(params, { idempotencyKey: "usage-t1-2027-01-storage" });
    // The same parameters in another order are the same request.
    const again = await stripe.invoiceItems.create(
      { metadata: { meter: "storage", usage_period: "2027-01" }, amount: 700, currency: "usd", customer: customer.id },
      { idempotencyKey: "usage-t1-2027-01-storage" },
    );

    expect(again).toEqual(first);
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    expect(invoice.lines.data).toHaveLength(1);
  });

  it("refuses the same key with different parameters with idempotency_error", async () => {
    const customer = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", amount: 700 }, { idempotencyKey: "usage-t1" });
    const failure = await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", amount: 701 }, { idempotencyKey: "usage-t1" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(failure).toMatchObject({ statusCode: 400, message: expect.stringContaining("Try using a key other than 'usage-t1'") as unknown });

    // The same (empty) parameters sent to another endpoint are another request too.
    await stripe.customers.create({}, { idempotencyKey: "empty" });
    const otherEndpoint = await stripe.customers.update(customer.id, {}, { idempotencyKey: "empty" }).catch((error: unknown) => error);
    expect(otherEndpoint).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("replays a failed payment rather than charging again", async () => {
    const customer = await stripe.customers.create({});
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id });
    simulator.completeCheckout(session.id, "decline");
    await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", amount: 900 });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });

    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "pay-once" })).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    }
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ attempt_count: 1 });
  });

  it("keeps nothing for a request rejected as invalid, so the key can be used again", async () => {
    await expect(stripe.invoices.create({ customer: "cus_nobody" }, { idempotencyKey: "first-try" })).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const customer = await stripe.customers.create({});
    const invoice = await stripe.invoices.create({ customer: customer.id }, { idempotencyKey: "first-try" });
    expect(invoice.customer).toBe(customer.id);
  });
});
