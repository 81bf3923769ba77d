import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import type Stripe from "stripe";
import { monthContaining } from "@freshet/billing-store/period";
import { closeOrganizationPeriod, dispatchOutbox, evaluateBudgets, suspendOverdueAccounts } from "@freshet/worker/billing";
import { addUsage, KNOWN_MONTH_TOTAL, knownMonthOfUsage, onboardingCredit, orgWithCluster } from "@freshet/worker/internal/billing-fixtures";
import { crashingOn, saveCard, startStripeBillingStack, type StripeBillingStack } from "./support/stripe-billing.js";

let stack: StripeBillingStack;
beforeAll(async () => {
  stack = await startStripeBillingStack();
});
afterAll(() => stack.close());

const MARCH = monthContaining(Date.UTC(2026, 2, 15));
const CLOSE_AT = Date.UTC(2026, 3, 1, 6);
const DAY = 86_400_000;
const logger = pino({ level: "silent" });

/** An organization with a pro cluster, the known month of March usage and a card saved through Checkout. */
async function customer(slug: string, card: "succeed" | "decline" = "succeed"): Promise<{ orgId: string; clusterId: string; customerId: string }> {
  const { orgId, clusterId } = await orgWithCluster(stack.prisma, slug);
  return { orgId, clusterId, customerId: await saveCard(stack, orgId, card) };
}

function dispatch(stripe: Stripe = stack.stripe) {
  return dispatchOutbox({ prisma: stack.prisma, stripe, logger, now: () => CLOSE_AT });
}

async function stripeInvoicesOf(customerId: string): Promise<Stripe.Invoice[]> {
  return (await stack.stripe.invoices.list({ customer: customerId, limit: 100 })).data;
}

async function linesOf(invoice: Stripe.Invoice): Promise<number[]> {
  const lines: number[] = [];
  for await (const line of stack.stripe.invoices.listLineItems(invoice.id ?? "", { limit: 3 })) lines.push(line.amount);
  return lines;
}

async function ourInvoice(orgId: string) {
  return stack.prisma.invoice.findUniqueOrThrow({ where: { orgId_periodStart: { orgId, periodStart: new Date(MARCH.start) } }, include: { lines: { orderBy: { position: "asc" } } } });
}

function auditCount(orgId: string, action: string): Promise<number> {
  return stack.prisma.auditLog.count({ where: { orgId, action } });
}

describe("Stripe billing end to end (simulator through the SDK, webhooks through the API's route)", () => {
  it("saves the card from Checkout, and a closed period becomes one Stripe invoice whose total equals the ledger, paid", async () => {
    const { orgId, clusterId, customerId } = await customer("paid");
    expect(await stack.prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).toMatchObject({
      paymentMethodSummary: "visa •••• 4242",
      paymentMethodId: expect.stringMatching(/^pm_/) as unknown,
    });
    await knownMonthOfUsage(stack.prisma, orgId, clusterId, "2026-03");
    expect(await closeOrganizationPeriod(stack.prisma, orgId, MARCH, CLOSE_AT)).toMatchObject({ ok: true, value: { totalMinor: KNOWN_MONTH_TOTAL } });
    expect(await dispatch()).toEqual({ sent: 7, failures: [] });
    await stack.simulator.settled();

    const invoices = await stripeInvoicesOf(customerId);
    expect(invoices.map((invoice) => [invoice.status, invoice.total, invoice.amount_paid, invoice.metadata?.period])).toEqual([["paid", 3370, 3370, "2026-03"]]);
    expect(await linesOf(invoices[0]!)).toEqual([180, 120, 150, 2920]);
    const ours = await ourInvoice(orgId);
    expect(ours).toMatchObject({ status: "paid", reconciliation: "matched", mismatchDetail: null, totalMinor: 3370, stripeInvoiceId: invoices[0]!.id });
    expect(ours.lines.every((line) => line.stripeInvoiceItemId?.startsWith("ii_"))).toBe(true);
    expect(await stack.prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).toMatchObject({ standing: "good" });
    // A second dispatch finds nothing to send.
    expect(await dispatch()).toEqual({ sent: 0, failures: [] });
  });

  it("a dispatcher killed between invoice items, or after creating the invoice, reruns into one invoice with the same lines", async () => {
    const items = await customer("killed-items");
    await knownMonthOfUsage(stack.prisma, items.orgId, items.clusterId, "2026-03");
    await closeOrganizationPeriod(stack.prisma, items.orgId, MARCH, CLOSE_AT);
    const killed = await dispatch(crashingOn(stack.stripe, "invoiceItems", "create", 2, "after"));
    expect(killed).toMatchObject({ sent: 2, failures: [expect.stringContaining("killed after invoiceItems.create") as unknown] });
    const draft = await stripeInvoicesOf(items.customerId);
    expect(draft.map((invoice) => invoice.status)).toEqual(["draft"]);
    expect(await linesOf(draft[0]!)).toEqual([180, 120]);
    expect(await dispatch()).toEqual({ sent: 5, failures: [] });
    await stack.simulator.settled();
    const after = await stripeInvoicesOf(items.customerId);
    expect(after.map((invoice) => [invoice.id, invoice.status, invoice.total])).toEqual([[draft[0]!.id, "paid", 3370]]);
    expect(await linesOf(after[0]!)).toEqual([180, 120, 150, 2920]);
    const rows = await stack.prisma.billingOutbox.findMany({ where: { orgId: items.orgId }, orderBy: { attempts: "desc" } });
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([["done", 2], ...Array.from({ length: 6 }, () => ["done", 1])]);
    expect(await ourInvoice(items.orgId)).toMatchObject({ status: "paid", reconciliation: "matched" });

    const created = await customer("killed-invoice");
    await knownMonthOfUsage(stack.prisma, created.orgId, created.clusterId, "2026-03");
    await closeOrganizationPeriod(stack.prisma, created.orgId, MARCH, CLOSE_AT);
    expect(await dispatch(crashingOn(stack.stripe, "invoices", "create", 1, "after"))).toMatchObject({ sent: 0 });
    expect(await dispatch(crashingOn(stack.stripe, "invoices", "pay", 1, "after"))).toMatchObject({ sent: 6 });
    expect(await dispatch()).toEqual({ sent: 1, failures: [] });
    await stack.simulator.settled();
    const single = await stripeInvoicesOf(created.customerId);
    expect(single.map((invoice) => [invoice.status, invoice.total])).toEqual([["paid", 3370]]);
    expect(await linesOf(single[0]!)).toEqual([180, 120, 150, 2920]);
  });

  it("a rerun after Stripe forgot the idempotency keys (more than 24 h later) finds the invoice and items by metadata instead of making them again", async () => {
    const { orgId, clusterId, customerId } = await customer("keys-expired");
    await knownMonthOfUsage(stack.prisma, orgId, clusterId, "2026-03");
    await closeOrganizationPeriod(stack.prisma, orgId, MARCH, CLOSE_AT);
    expect(await dispatch(crashingOn(stack.stripe, "invoiceItems", "create", 3, "after"))).toMatchObject({ sent: 3 });
    // As if the keys had expired at Stripe: the rerun's requests carry keys Stripe has never seen.
    const pending = await stack.prisma.billingOutbox.findMany({ where: { orgId, status: "pending" } });
    for (const row of pending) await stack.prisma.billingOutbox.update({ where: { id: row.id }, data: { idempotencyKey: `${row.idempotencyKey}:later` } });
    expect(await dispatch()).toEqual({ sent: 4, failures: [] });
    await stack.simulator.settled();
    const invoices = await stripeInvoicesOf(customerId);
    expect(invoices.map((invoice) => [invoice.status, invoice.total])).toEqual([["paid", 3370]]);
    expect(await linesOf(invoices[0]!)).toEqual([180, 120, 150, 2920]);
    expect(await ourInvoice(orgId)).toMatchObject({ status: "paid", reconciliation: "matched" });

    // Killed after Stripe finalized it: the late rerun's finalize is refused, and counts as done.
    const finalized = await customer("keys-expired-finalized");
    await knownMonthOfUsage(stack.prisma, finalized.orgId, finalized.clusterId, "2026-03");
    await closeOrganizationPeriod(stack.prisma, finalized.orgId, MARCH, CLOSE_AT);
    expect(await dispatch(crashingOn(stack.stripe, "invoices", "finalizeInvoice", 1, "after"))).toMatchObject({ sent: 5 });
    for (const row of await stack.prisma.billingOutbox.findMany({ where: { orgId: finalized.orgId, status: "pending" } })) {
      await stack.prisma.billingOutbox.update({ where: { id: row.id }, data: { idempotencyKey: `${row.idempotencyKey}:later` } });
    }
    expect(await dispatch()).toEqual({ sent: 2, failures: [] });
    await stack.simulator.settled();
    expect((await stripeInvoicesOf(finalized.customerId)).map((invoice) => [invoice.status, invoice.total])).toEqual([["paid", 3370]]);
  });

  it("webhooks delivered late, reordered and replayed have their effect once: paid before finalized ends paid and matched", async () => {
    const { orgId, clusterId, customerId } = await customer("reordered");
    await knownMonthOfUsage(stack.prisma, orgId, clusterId, "2026-03");
    await closeOrganizationPeriod(stack.prisma, orgId, MARCH, CLOSE_AT);
    stack.hold(true);
    await dispatch();
    await stack.simulator.settled();
    stack.hold(false);
    const [stripeInvoice] = await stripeInvoicesOf(customerId);
    const events = stack.simulator.events().filter((event) => (event.data.object as { id?: string }).id === stripeInvoice!.id);
    const finalized = events.find((event) => event.type === "invoice.finalized")!.id;
    const paid = events.find((event) => event.type === "invoice.paid")!.id;
    expect(await ourInvoice(orgId)).toMatchObject({ status: "draft", reconciliation: "pending" });

    await stack.simulator.replay([paid]);
    expect(await ourInvoice(orgId)).toMatchObject({ status: "paid", reconciliation: "pending" });
    await stack.simulator.replay([finalized, paid, finalized, paid]);
    const ours = await ourInvoice(orgId);
    expect(ours).toMatchObject({ status: "paid", reconciliation: "matched" });
    expect(ours.finalizedAt).not.toBeNull();
    expect(await auditCount(orgId, "billing.invoice_paid")).toBe(1);
    expect(await auditCount(orgId, "billing.invoice_reconciled")).toBe(1);
    expect(await stack.prisma.stripeEvent.count({ where: { id: { in: [finalized, paid] } } })).toBe(2);

    const checkout = stack.simulator.events().find((event) => event.type === "checkout.session.completed" && (event.data.object as { customer: string }).customer === customerId)!;
    await stack.simulator.replay([checkout.id, checkout.id]);
    expect(await auditCount(orgId, "billing.payment_method_saved")).toBe(1);
  });

  it("flags a finalized invoice whose total differs from the ledger by one cent", async () => {
    const { orgId, clusterId, customerId } = await customer("mismatch");
    await knownMonthOfUsage(stack.prisma, orgId, clusterId, "2026-03");
    await closeOrganizationPeriod(stack.prisma, orgId, MARCH, CLOSE_AT);
    expect(await dispatch(crashingOn(stack.stripe, "invoices", "finalizeInvoice", 1, "before"))).toMatchObject({ sent: 5 });
    // Someone adds a cent to the draft in Stripe's dashboard before it is finalized.
    const [draft] = await stripeInvoicesOf(customerId);
    await stack.stripe.invoiceItems.create({ customer: customerId, invoice: draft!.id!, amount: 1, currency: "usd", description: "Manual" });
    expect(await dispatch()).toEqual({ sent: 2, failures: [] });
    await stack.simulator.settled();
    expect(await ourInvoice(orgId)).toMatchObject({
      status: "paid",
      reconciliation: "mismatch",
      mismatchDetail: "total is 3371 in Stripe but 3370 in the ledger; Stripe has a line of 1 that is not in the ledger.",
    });
    expect(await auditCount(orgId, "billing.reconciliation_mismatch")).toBe(1);
  });

  it("a declined card puts the account past due, suspended after the 7-day grace, and a suspended account is capped", async () => {
    const { orgId, clusterId, customerId } = await customer("declined", "decline");
    expect((await stack.prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).paymentMethodSummary).toBe("visa •••• 0341");
    await knownMonthOfUsage(stack.prisma, orgId, clusterId, "2026-03");
    await closeOrganizationPeriod(stack.prisma, orgId, MARCH, CLOSE_AT);
    expect(await dispatch()).toEqual({ sent: 7, failures: [] });
    await stack.simulator.settled();
    expect((await stripeInvoicesOf(customerId)).map((invoice) => [invoice.status, invoice.amount_remaining])).toEqual([["open", 3370]]);
    expect(await ourInvoice(orgId)).toMatchObject({ status: "payment_failed", reconciliation: "matched" });
    const account = await stack.prisma.billingAccount.findUniqueOrThrow({ where: { orgId } });
    expect(account.standing).toBe("past_due");
    const since = account.pastDueSince!.getTime();
    expect(await suspendOverdueAccounts(stack.prisma, since + 7 * DAY - 1, 7 * DAY)).toBe(0);
    expect(await suspendOverdueAccounts(stack.prisma, since + 7 * DAY, 7 * DAY)).toBe(1);
    await evaluateBudgets(stack.prisma, since + 7 * DAY, logger);
    expect(await stack.prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).toMatchObject({ standing: "suspended", capState: "capped" });
  });

  it("shows the $750 onboarding credit as negative lines in Stripe: the amount due drops by min(75000, usage)", async () => {
    const big = await customer("credit-big");
    await addUsage(stack.prisma, big.orgId, big.clusterId, "spu_hours", "2026-03-10T00:00:00Z", "20000");
    await onboardingCredit(stack.prisma, big.orgId, "2026-03-01T00:00:00Z");
    const small = await customer("credit-small");
    await knownMonthOfUsage(stack.prisma, small.orgId, small.clusterId, "2026-03");
    await onboardingCredit(stack.prisma, small.orgId, "2026-03-01T00:00:00Z");
    await closeOrganizationPeriod(stack.prisma, big.orgId, MARCH, CLOSE_AT);
    await closeOrganizationPeriod(stack.prisma, small.orgId, MARCH, CLOSE_AT);
    expect(await dispatch()).toEqual({ sent: 5 + 11, failures: [] });
    await stack.simulator.settled();

    const [bigInvoice] = await stripeInvoicesOf(big.customerId);
    expect([bigInvoice!.status, bigInvoice!.total, bigInvoice!.amount_paid]).toEqual(["paid", 5000, 5000]);
    expect(await linesOf(bigInvoice!)).toEqual([80000, -75000]);
    const [smallInvoice] = await stripeInvoicesOf(small.customerId);
    expect([smallInvoice!.status, smallInvoice!.total]).toEqual(["paid", 0]);
    expect(await linesOf(smallInvoice!)).toEqual([180, 120, 150, 2920, -180, -120, -150, -2920]);
    expect(await ourInvoice(big.orgId)).toMatchObject({ status: "paid", reconciliation: "matched", subtotalMinor: 80000, creditsMinor: -75000, totalMinor: 5000 });
    expect(await ourInvoice(small.orgId)).toMatchObject({ status: "paid", reconciliation: "matched", subtotalMinor: 3370, creditsMinor: -3370, totalMinor: 0 });
  });

  it("answers 400 to a webhook whose signature does not verify, and records nothing", async () => {
    const body = JSON.stringify({ id: "evt_forged", object: "event", type: "invoice.paid", created: 1, data: { object: {} } });
    const forged = stack.stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_someone_else" });
    const answer = await fetch(`${stack.url}/api/stripe/webhook`, { method: "POST", headers: { "stripe-signature": forged, "content-type": "application/json" }, body });
    expect([answer.status, await answer.json()]).toEqual([400, { message: "The Stripe signature does not verify." }]);
    const unsigned = await fetch(`${stack.url}/api/stripe/webhook`, { method: "POST", body });
    expect(unsigned.status).toBe(400);
    expect(await stack.prisma.stripeEvent.count({ where: { id: "evt_forged" } })).toBe(0);
  });
});
