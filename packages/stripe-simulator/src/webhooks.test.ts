import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { startStripeSimulator, type StripeSimulator } from "./simulator.js";
import { sdkFor } from "./test-support/sdk.js";

const secret = "whsec_simulator_test_secret";
const verifier = new Stripe("sk_test_verifier");

interface Receiver {
  readonly url: string;
  /** Events that passed the SDK's signature check, in arrival order. */
  readonly verified: Stripe.Event[];
  /** Raw bodies and signature headers as received. */
  readonly raw: { body: string; signature: string }[];
  close(): Promise<void>;
}

/** A webhook endpoint as an application writes one: verify with the SDK, 400 on a bad signature. `failFirst` answers 500 to that many requests first. */
async function receiver(failFirst = 0): Promise<Receiver> {
  const verified: Stripe.Event[] = [];
  const raw: { body: string; signature: string }[] = [];
  let failures = failFirst;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(request.headers["stripe-signature"]);
      raw.push({ body, signature });
      if (failures > 0) {
        failures--;
        response.writeHead(500).end();
        return;
      }
      try {
        verified.push(verifier.webhooks.constructEvent(body, signature, secret));
        response.writeHead(200).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`,
    verified,
    raw,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(failFirst = 0): Promise<{ simulator: StripeSimulator; stripe: Stripe; endpoint: Receiver }> {
  const endpoint = await receiver(failFirst);
  cleanups.push(() => endpoint.close());
  const simulator = await startStripeSimulator({ webhooks: [{ url: endpoint.url, secret }], retryDelaysMs: [20, 20] });
  cleanups.push(() => simulator.close());
  return { simulator, stripe: sdkFor(simulator), endpoint };
}

/** Checkout completed, one invoice finalized and paid: three events. */
async function billingCycle(stripe: Stripe, simulator: StripeSimulator): Promise<Stripe.Invoice> {
  const customer = await stripe.customers.create({});
  const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id });
  simulator.completeCheckout(session.id);
  await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", amount: 300 });
  const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
  await stripe.invoices.finalizeInvoice(invoice.id);
  return stripe.invoices.pay(invoice.id);
}

describe("webhooks", () => {
  it("delivers events signed so that the SDK's constructEvent accepts them", async () => {
    const { simulator, stripe, endpoint } = await setUp();
    const paid = await billingCycle(stripe, simulator);
    await simulator.settled();

    expect(endpoint.verified.map((event) => event.type)).toEqual(["checkout.session.completed", "invoice.finalized", "invoice.paid"]);
    const last = endpoint.verified[2];
    expect(last?.data.object).toMatchObject({ id: paid.id, object: "invoice", status: "paid" });
    expect(endpoint.verified[1]?.data.object).toMatchObject({ id: paid.id, status: "open" });
    expect(last?.id).toBe(simulator.events()[2]?.id);
    expect(await stripe.events.retrieve(last?.id ?? "")).toMatchObject({ type: "invoice.paid" });
  });

  it("sends invoice.payment_failed for a declined card", async () => {
    const { simulator, stripe, endpoint } = await setUp();
    const customer = await stripe.customers.create({});
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id });
    simulator.completeCheckout(session.id, "decline");
    await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", amount: 300 });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    await expect(stripe.invoices.pay(invoice.id)).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    await simulator.settled();
    expect(endpoint.verified.map((event) => event.type)).toEqual(["checkout.session.completed", "invoice.finalized", "invoice.payment_failed"]);
  });

  it("produces payloads whose tampering constructEvent detects", async () => {
    const { simulator, stripe, endpoint } = await setUp();
    await billingCycle(stripe, simulator);
    await simulator.settled();
    const delivered = endpoint.raw[2];
    expect(delivered).toBeDefined();
    const { body, signature } = delivered ?? { body: "", signature: "" };
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(() => verifier.webhooks.constructEvent(body, signature, secret)).not.toThrow();
    const tampered = body.replace('"amount_paid": 300', '"amount_paid": 0');
    expect(tampered).not.toBe(body);
    expect(() => verifier.webhooks.constructEvent(tampered, signature, secret)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => verifier.webhooks.constructEvent(body, signature, "whsec_another_secret")).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it("retries an endpoint that answers non-2xx until it accepts", async () => {
    const { simulator, stripe, endpoint } = await setUp(2);
    const customer = await stripe.customers.create({});
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id });
    simulator.completeCheckout(session.id);
    await simulator.settled();

    expect(simulator.deliveries().map((delivery) => [delivery.attempt, delivery.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(endpoint.verified.map((event) => event.type)).toEqual(["checkout.session.completed"]);
  });

  it("gives up after the configured retries", async () => {
    const { simulator, stripe } = await setUp(10);
    const customer = await stripe.customers.create({});
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id });
    simulator.completeCheckout(session.id);
    await simulator.settled();
    expect(simulator.deliveries().map((delivery) => delivery.status)).toEqual([500, 500, 500]);
  });

  it("replays stored events in any order, for handlers that must cope with duplicates and reordering", async () => {
    const { simulator, stripe, endpoint } = await setUp();
    await billingCycle(stripe, simulator);
    await simulator.settled();
    const [completed, finalized, paid] = simulator.events().map((event) => event.id);

    await simulator.replay([paid ?? "", finalized ?? "", completed ?? ""]);
    expect(endpoint.verified.slice(3).map((event) => event.type)).toEqual(["invoice.paid", "invoice.finalized", "checkout.session.completed"]);
    await expect(simulator.replay(["evt_missing"])).rejects.toThrow("no event evt_missing to replay");
  });
});
