import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { monthContaining, formatMonth } from "@freshet/billing-store/period";
import { createPrismaClient, Prisma, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { closeOrganizationPeriod } from "@freshet/worker/billing";
import { formatMoney } from "../src/lib/money";
import { signUpWithOrganization } from "./support/console-user";
import { startCloudAndBrowser } from "./support/cloud-and-browser";
import type { LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";

// Issue 12's $750 flow in a real browser against the real API and console: a customer asks for
// white-glove onboarding on the Billing page, a staff member approves it on the Staff page, the
// customer finds the $750 credit on the Billing page, and once the month is closed and the worker
// has pushed it to Stripe (the simulator), the invoice on the Billing page carries the credit as
// negative lines and its amount due is what Stripe asks for. Usage rows stand in for the collector,
// so the month-to-date cost and the chart have data.

let cloud: LocalCloud;
let prisma: PrismaClient;
let browser: Browser;
const contexts: BrowserContext[] = [];
const shots = screenshotRecorder("console-billing");
const HOUR = 3_600_000;
// Set FRESHET_SCREENSHOTS to a folder to keep the billing, pricing and staff pages there too.
const KEEP = process.env.FRESHET_SCREENSHOTS;

beforeAll(async () => {
  ({ cloud, browser } = await startCloudAndBrowser());
  prisma = createPrismaClient(cloud.databaseUrl);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await prisma?.$disconnect();
  await cloud?.stop();
  console.log(`billing screenshots:\n${shots.paths.join("\n")}`);
}, 120_000);

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

async function keep(page: Page, name: string): Promise<void> {
  await shots.take(page, name);
  if (KEEP === undefined) return;
  await mkdir(KEEP, { recursive: true });
  await page.screenshot({ path: join(KEEP, `${name}.png`), fullPage: true });
}

/**
 * Two pro clusters' usage for every day of the month so far (the hour after each midnight, and
 * never past now): ingress 4 + 2 GiB and 3 SPU-hours a day on "ingest", 1 GiB and 1 SPU-hour on "replay".
 */
async function arrangeUsage(orgId: string): Promise<{ days: number }> {
  const now = Date.now();
  const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
  const ingest = newId("cluster");
  const replay = newId("cluster");
  // One round trip per table: a month's fixture is up to 31 × 5 usage rows.
  const fixture = (id: string, name: string): Prisma.ClusterCreateManyInput => ({
    id,
    orgId,
    name,
    region: "local",
    plan: "pro",
    status: "Failed",
    statusMessage: "usage fixture",
    spuCount: 1,
    partitionsLimit: 100,
  });
  await prisma.cluster.createMany({ data: [fixture(ingest, "ingest"), fixture(replay, "replay")] });
  const usage: Prisma.UsageHourCreateManyInput[] = [];
  let days = 0;
  for (let day = monthStart; day <= now; day += 24 * HOUR) {
    const hour = Math.min(day, Math.floor(now / HOUR) * HOUR);
    const rows = [
      [ingest, "ingress_gib", 4 + (days % 3) * 2],
      [ingest, "spu_hours", 3],
      [ingest, "egress_gib", 5],
      [replay, "ingress_gib", 1],
      [replay, "spu_hours", 1],
    ] as const;
    for (const [clusterId, dimension, quantity] of rows) usage.push({ orgId, clusterId, dimension, hourStart: new Date(hour), quantity: new Prisma.Decimal(quantity) });
    days += 1;
  }
  await prisma.usageHour.createMany({ data: usage });
  return { days };
}

/** Fills and sends the onboarding request on the Billing page, and waits for it to show as waiting. */
async function requestOnboarding(customer: Page): Promise<void> {
  await customer.getByLabel("What do you stream?").fill("Clickstream from our web shop into fraud scoring.");
  await customer.getByLabel("Expected volumes").fill("5 MB/s peak, 200 GB a month");
  await customer.getByLabel("When can we call you?").fill("Weekdays 9-12 UTC");
  await customer.getByRole("button", { name: "Request onboarding" }).click();
  await customer.getByTestId("onboarding-request").filter({ hasText: "Waiting for review" }).waitFor();
}

/** A Freshet staff member, in a browser of their own, on the Staff page. */
async function staffPage(): Promise<Page> {
  const staff = await newPage();
  const email = `sam-${Date.now()}@freshet.test`;
  await signUpWithOrganization(staff, cloud.mailbox, { name: "Sam Staff", email }, { name: `Freshet Operations ${Date.now()}` });
  await prisma.user.update({ where: { email }, data: { isStaff: true } });
  await staff.goto("/staff");
  return staff;
}

/**
 * Closes the current month of `orgId` early (the close function with a clock past the month's end
 * and the settling time), waits for the worker's dispatcher to push it to Stripe and for Stripe's
 * webhooks to bring back `status`, and answers our invoice with the one Stripe invoice, whose lines
 * must be ours.
 */
async function closeThisMonth(orgId: string, status: "paid" | "payment_failed") {
  const period = monthContaining(Date.now());
  const closed = await closeOrganizationPeriod(prisma, orgId, period, period.end + HOUR);
  if (!closed.ok) throw new Error(closed.error);
  const ours = await prisma.invoice.findUniqueOrThrow({ where: { id: closed.value.invoiceId }, include: { lines: { orderBy: { position: "asc" } } } });
  await expect
    .poll(
      async () => {
        const now = await prisma.invoice.findUniqueOrThrow({ where: { id: ours.id } });
        return [now.status, now.reconciliation];
      },
      { timeout: 30_000, interval: 200 },
    )
    .toEqual([status, "matched"]);
  const { stripeInvoiceId } = await prisma.invoice.findUniqueOrThrow({ where: { id: ours.id } });
  const inStripe = await cloud.stripe.invoices.retrieve(stripeInvoiceId!);
  expect((await cloud.stripe.invoices.list({ customer: String(inStripe.customer), limit: 100 })).data.map((i) => i.id)).toEqual([inStripe.id]);
  const stripeLines: number[] = [];
  for await (const line of cloud.stripe.invoices.listLineItems(inStripe.id!, { limit: 100 })) stripeLines.push(line.amount);
  expect(stripeLines).toEqual(ours.lines.map((line) => line.amountMinor));
  expect([inStripe.total, inStripe.amount_due]).toEqual([ours.totalMinor, ours.totalMinor]);
  return { month: formatMonth(period), ours, inStripe };
}

/** The month's invoice row on the Billing page, its lines opened: status badge, total and each line's text. */
async function shownInvoice(customer: Page, month: string, status: string, lineCount: number) {
  await customer.goto("/billing");
  const row = customer.getByRole("table", { name: "Invoices" }).getByRole("row", { name: new RegExp(month) });
  await row.getByText(status, { exact: true }).waitFor();
  await row.getByText(`${lineCount} lines`).click();
  // The Total cell is the amount and, when Stripe hosts the invoice, a "View" link after it.
  const total = (await row.getByRole("cell").nth(2).textContent())?.replace(/View$/, "").trim();
  return { total, lines: await row.getByRole("listitem").allTextContents() };
}

const creditTexts = (lines: ReadonlyArray<{ amountMinor: number }>, label: string) => lines.map((line) => `${label}${formatMoney(line.amountMinor)}`);

describe("white-glove onboarding in the console", () => {
  it("goes from the customer's request to staff's approval to a $750 credit on the billing page", { timeout: 300_000 }, async () => {
    const customer = await newPage();
    onTestFailed(async () => {
      await shots.take(customer, "failed-here");
      console.log(cloud.output());
    });
    const email = `ada-${Date.now()}@example.com`;
    await signUpWithOrganization(customer, cloud.mailbox, { name: "Ada Lovelace", email }, { name: "Analytical Engines" });
    const org = await prisma.organization.findFirstOrThrow({ where: { name: "Analytical Engines" } });
    const { days } = await arrangeUsage(org.id);

    await customer.getByRole("link", { name: "Billing" }).click();
    await customer.waitForURL("**/billing");
    // The sign-up trial credit is there from the start, and pays for the month so far.
    await expect.poll(() => customer.getByTestId("credit-balance-trial").textContent()).toBe("$50.00");
    await customer.getByRole("row", { name: /ingest/ }).waitFor();
    await customer.getByTestId("usage-chart").locator(".recharts-bar-rectangle").first().waitFor();
    expect(await customer.getByTestId("usage-chart").locator(".recharts-bar-rectangle").count()).toBe(days);

    await requestOnboarding(customer);
    expect(await customer.getByRole("button", { name: "Request onboarding" }).count()).toBe(0);

    const staff = await staffPage();
    const row = staff.getByRole("row", { name: /Analytical Engines/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("Clickstream from our web shop");
    await keep(staff, "staff-before-approval");
    await row.getByRole("button", { name: "Approve" }).click();
    await row.getByText("approved").waitFor();
    await keep(staff, "staff");

    await customer.reload();
    await expect.poll(() => customer.getByTestId("credit-balance-onboarding").textContent(), { timeout: 20_000 }).toBe("$750.00");
    await customer.getByTestId("onboarding-request").filter({ hasText: "Credit granted: $750.00" }).waitFor();
    const grants = await prisma.creditGrant.findMany({ where: { orgId: org.id }, orderBy: { amountMinor: "asc" } });
    expect(grants.map((g) => [g.kind, g.amountMinor])).toEqual([
      ["trial", 5_000],
      ["onboarding", 75_000],
    ]);
    const audit = await prisma.auditLog.findMany({ where: { orgId: org.id, action: { startsWith: "onboarding." } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["onboarding.request", "onboarding.approve"]);
    const due = await customer.getByTestId("mtd-due").textContent();
    const cost = await customer.getByTestId("mtd-cost").textContent();
    console.log(`billing page: ${days} days of usage, cost so far ${cost}, due ${due}`);
    // Pro list prices: 10 GiB in and 10 out free, then 6¢ and 8¢ a GiB; 4¢ an SPU-hour.
    const ingress = Array.from({ length: days }, (_, day) => 4 + (day % 3) * 2 + 1).reduce((a, b) => a + b, 0);
    const expectedCents = Math.max(0, ingress - 10) * 6 + Math.max(0, 5 * days - 10) * 8 + 4 * days * 4;
    expect(cost).toBe(`$${Math.floor(expectedCents / 100)}.${String(expectedCents % 100).padStart(2, "0")}`);
    expect(due).toBe("$0.00");
    await keep(customer, "billing");

    await customer.getByRole("link", { name: "Pricing" }).click();
    await customer.getByRole("heading", { name: "Pro" }).waitFor();
    expect(
      await customer
        .getByRole("region", { name: "Pro" })
        .getByRole("row", { name: /Data in/ })
        .textContent(),
    ).toContain("first 10 GiB: free; above 10 GiB: 6¢ per GiB");
    await keep(customer, "pricing");

    // The month closes, and its invoice carries the onboarding credit (spent first: priority 10
    // before the trial's 30) as negative lines covering all the usage: nothing is due.
    const invoice = await closeThisMonth(org.id, "paid");
    const onboarding = grants.find((g) => g.kind === "onboarding")!;
    const creditLines = invoice.ours.lines.filter((line) => line.kind === "credit");
    expect(creditLines.every((line) => line.grantId === onboarding.id)).toBe(true);
    expect([invoice.ours.subtotalMinor, invoice.ours.creditsMinor, invoice.ours.totalMinor]).toEqual([expectedCents, -Math.min(75_000, expectedCents), 0]);
    expect([invoice.inStripe.status, invoice.inStripe.amount_due]).toEqual(["paid", 0]);
    const shown = await shownInvoice(customer, invoice.month, "Paid", invoice.ours.lines.length);
    expect(shown.lines.filter((text) => text.startsWith("White-glove"))).toEqual(creditTexts(creditLines, "White-glove onboarding credit applied"));
    expect(shown.total).toBe(formatMoney(invoice.inStripe.amount_due));
    console.log(
      `invoice ${invoice.month}: usage ${formatMoney(expectedCents)}, onboarding credit ${formatMoney(invoice.ours.creditsMinor)} in ${creditLines.length} lines, due ${shown.total} on the page and in Stripe (${invoice.inStripe.id})`,
    );
    await keep(customer, "billing-invoice");
  });

  it("takes exactly $750 off an invoice above $750 (the trial pays its $50 after), and the page shows what Stripe asks for", { timeout: 300_000 }, async () => {
    const customer = await newPage();
    onTestFailed(async () => {
      await shots.take(customer, "failed-here-above");
      console.log(cloud.output());
    });
    await signUpWithOrganization(customer, cloud.mailbox, { name: "Grace Hopper", email: `grace-${Date.now()}@example.com` }, { name: "Compilers Inc" });
    const org = await prisma.organization.findFirstOrThrow({ where: { name: "Compilers Inc" } });
    // 25,000 SPU-hours at 4¢ in this month's first hour: $1,000.00.
    const clusterId = newId("cluster");
    await prisma.cluster.create({
      data: { id: clusterId, orgId: org.id, name: "bulk", region: "local", plan: "pro", status: "Failed", statusMessage: "usage fixture", spuCount: 1, partitionsLimit: 100 },
    });
    const monthStart = monthContaining(Date.now()).start;
    await prisma.usageHour.create({ data: { orgId: org.id, clusterId, dimension: "spu_hours", hourStart: new Date(monthStart), quantity: new Prisma.Decimal(25_000) } });
    await customer.getByRole("link", { name: "Billing" }).click();
    await requestOnboarding(customer);
    const staff = await staffPage();
    const row = staff.getByRole("row", { name: /Compilers Inc/ });
    await row.getByRole("button", { name: "Approve" }).click();
    await row.getByText("approved").waitFor();
    await customer.reload();
    await expect.poll(() => customer.getByTestId("credit-balance-onboarding").textContent(), { timeout: 20_000 }).toBe("$750.00");

    const invoice = await closeThisMonth(org.id, "payment_failed");
    const [trial, onboarding] = await prisma.creditGrant.findMany({ where: { orgId: org.id }, orderBy: { priority: "desc" } });
    const spentOf = (grantId: string) => invoice.ours.lines.filter((line) => line.grantId === grantId).reduce((sum, line) => sum + line.amountMinor, 0);
    expect([trial!.kind, spentOf(trial!.id), onboarding!.kind, spentOf(onboarding!.id)]).toEqual(["trial", -5_000, "onboarding", -75_000]);
    expect([invoice.ours.subtotalMinor, invoice.ours.creditsMinor, invoice.ours.totalMinor]).toEqual([100_000, -80_000, 20_000]);
    // No card on file: Stripe keeps the invoice open for $200.00, and the account is past due.
    expect([invoice.inStripe.status, invoice.inStripe.amount_due]).toEqual(["open", 20_000]);
    const shown = await shownInvoice(customer, invoice.month, "Payment failed", invoice.ours.lines.length);
    expect(shown.lines).toEqual(invoice.ours.lines.map((line) => `${line.description}${line.quantity === null ? "" : ` × ${line.quantity.toFixed()}`}${formatMoney(line.amountMinor)}`));
    expect(shown.lines.filter((text) => text.startsWith("White-glove"))).toEqual(["White-glove onboarding credit applied-$750.00"]);
    expect(shown.total).toBe(formatMoney(invoice.inStripe.amount_due));
    expect(shown.total).toBe("$200.00");
    console.log(
      `invoice ${invoice.month}: usage $1,000.00, onboarding credit -$750.00, trial -$50.00, due ${shown.total} on the page and ${formatMoney(invoice.inStripe.amount_due)} in Stripe (${invoice.inStripe.id})`,
    );
    await keep(customer, "billing-invoice-above-750");
  });
});

describe("promotion codes in the console", () => {
  it("staff create a code on the Staff page; an owner redeems it in any case on the Billing page, once", { timeout: 300_000 }, async () => {
    const customer = await newPage();
    onTestFailed(async () => {
      await shots.take(customer, "failed-here-promotion");
      console.log(cloud.output());
    });
    await signUpWithOrganization(customer, cloud.mailbox, { name: "Katherine Johnson", email: `kj-${Date.now()}@example.com` }, { name: "Orbits Ltd" });
    const org = await prisma.organization.findFirstOrThrow({ where: { name: "Orbits Ltd" } });

    const staff = await staffPage();
    const form = staff.getByRole("form", { name: "New promotion code" });
    await form.getByLabel("Code").fill("Orbit-25");
    await form.getByLabel("Credit (USD)").fill("25");
    await form.getByLabel("Lasts (days)").fill("60");
    await form.getByLabel("Limit (optional)").fill("10");
    await form.getByRole("button", { name: "Create code" }).click();
    await staff.getByText("Code ORBIT-25 created.").waitFor();
    await staff.getByTestId("promotion-code").filter({ hasText: "ORBIT-25" }).filter({ hasText: "0 of 10" }).waitFor();

    await customer.getByRole("link", { name: "Billing" }).click();
    // The credit list has loaded (the sign-up trial is in it) before the code is typed.
    await customer.getByTestId("credit-balance-trial").waitFor();
    const redeem = customer.getByRole("form", { name: "Redeem a code" });
    await redeem.getByLabel("Promotion code").fill("orbit-25");
    await redeem.getByRole("button", { name: "Redeem a code" }).click();
    // The page's answer, success or the API's sentence, so a refusal fails with its reason.
    const credits = customer.getByRole("region", { name: "Credits" });
    const answer = credits.getByText("Code redeemed: its credit is in the list below.").or(credits.getByRole("alert"));
    await answer.waitFor();
    expect(await answer.textContent()).toBe("Code redeemed: its credit is in the list below.");
    await expect.poll(() => customer.getByTestId("credit-balance-promotion").textContent(), { timeout: 20_000 }).toBe("$25.00");
    await redeem.getByLabel("Promotion code").fill("ORBIT-25");
    await redeem.getByRole("button", { name: "Redeem a code" }).click();
    await customer.getByText("This organization already redeemed the code ORBIT-25.").waitFor();
    await keep(customer, "billing-promotion");

    const grants = await prisma.creditGrant.findMany({ where: { orgId: org.id, kind: "promotion" } });
    expect(grants.map((g) => [g.code, g.amountMinor, (g.expiresAt!.getTime() - g.effectiveAt.getTime()) / 86_400_000])).toEqual([["ORBIT-25", 2_500, 60]]);
    await staff.reload();
    await staff.getByTestId("promotion-code").filter({ hasText: "ORBIT-25" }).filter({ hasText: "1 of 10" }).waitFor();
    await keep(staff, "staff-promotions");
  });
});
