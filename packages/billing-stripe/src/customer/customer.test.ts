import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { startStripeSimulator, type StripeSimulator } from "@freshet/stripe-simulator";
import type Stripe from "stripe";
import { createStripeClient } from "../config/stripe-config.js";
import { ensureStripeCustomer } from "./ensure-customer.js";
import { createSetupCheckout } from "./setup-checkout.js";

let db: TestDatabase;
let prisma: PrismaClient;
let simulator: StripeSimulator;
let stripe: Stripe;
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  simulator = await startStripeSimulator();
  stripe = createStripeClient({ secretKey: "sk_test_customer", webhookSecret: "whsec_customer", apiBase: { host: simulator.host, port: simulator.port, protocol: "http" } });
});
afterAll(async () => {
  await simulator.close();
  await prisma.$disconnect();
  await db.drop();
});

async function organization(slug: string): Promise<string> {
  const id = newId("organization");
  await prisma.organization.create({ data: { id, name: `Org ${slug}`, slug, createdAt: new Date() } });
  return id;
}

describe("ensureStripeCustomer", () => {
  it("creates the billing account and one Stripe customer, however often and concurrently it is asked", async () => {
    const orgId = await organization("once");
    const results = await Promise.all([1, 2, 3].map(() => ensureStripeCustomer(prisma, stripe, orgId)));
    const again = await ensureStripeCustomer(prisma, stripe, orgId);
    const ids = new Set([...results, again].map((result) => (result.ok ? result.value.stripeCustomerId : result.error)));
    expect(ids.size).toBe(1);
    const [customerId] = [...ids] as [string];
    const account = await prisma.billingAccount.findUniqueOrThrow({ where: { orgId } });
    expect(account.stripeCustomerId).toBe(customerId);
    const listed = await stripe.customers.list({ limit: 100 });
    expect(listed.data.filter((customer) => customer.metadata.orgId === orgId).map((customer) => [customer.id, customer.name, customer.metadata.billingAccountId])).toEqual([
      [customerId, "Org once", account.id],
    ]);
  });

  it("refuses an organization that does not exist", async () => {
    expect(await ensureStripeCustomer(prisma, stripe, "org_missing")).toEqual({ ok: false, error: "There is no organization org_missing." });
  });

  it("says in one sentence when Stripe refuses", async () => {
    const orgId = await organization("refused");
    const wrongKey = createStripeClient({ secretKey: "sk_live_nope", webhookSecret: "whsec_x", apiBase: { host: simulator.host, port: simulator.port, protocol: "http" } });
    const result = await ensureStripeCustomer(prisma, wrongKey, orgId);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^Stripe refused to create the customer: /) as unknown });
    expect((await prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).stripeCustomerId).toBeNull();
  });
});

describe("createSetupCheckout", () => {
  it("opens a setup-mode session whose completed form saves a card on the organization's customer", async () => {
    const orgId = await organization("checkout");
    const result = await createSetupCheckout(prisma, stripe, { orgId, successUrl: "http://console.local/billing?saved=1", cancelUrl: "http://console.local/billing" });
    if (!result.ok) throw new Error(result.error);
    expect(result.value.url).toMatch(new RegExp(`^${simulator.url}/checkout/cs_test_`));
    const submitted = await fetch(`${result.value.url}/complete`, { method: "POST", body: new URLSearchParams({ card: "succeed" }), redirect: "manual" });
    expect(submitted.headers.get("location")).toBe("http://console.local/billing?saved=1");
    const account = await prisma.billingAccount.findUniqueOrThrow({ where: { orgId } });
    const customer = (await stripe.customers.retrieve(account.stripeCustomerId ?? "")) as Stripe.Customer;
    expect(customer.invoice_settings.default_payment_method).toMatch(/^pm_/);
    const completed = simulator.events().find((event) => event.type === "checkout.session.completed");
    expect(completed?.data.object).toMatchObject({ mode: "setup", customer: customer.id, currency: "usd", metadata: { orgId } });
  });

  it("rejects a URL that is not http(s) with a plain sentence", async () => {
    const orgId = await organization("bad-url");
    const result = await createSetupCheckout(prisma, stripe, { orgId, successUrl: "javascript:alert(1)", cancelUrl: "http://console.local/billing" });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^The checkout request is not valid: successUrl /) as unknown });
  });
});
