import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { monthContaining, formatMonth } from "@freshet/billing-store/period";
import { createPrismaClient, Prisma, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { closeOrganizationPeriod } from "@freshet/worker/billing";
import { formatMoney } from "../src/lib/money";
import { launchChromium } from "./support/chromium";
import { startLocalCloud, type LocalCloud } from "./support/local-cloud";
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
  cloud = await startLocalCloud();
  prisma = createPrismaClient(cloud.databaseUrl);
  browser = await launchChromium();
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

/** Signs up through the form, opens the mailed link, and creates an organization on /onboarding. */
async function signUpWithOrganization(page: Page, name: string, email: string, orgName: string): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  const mail = await cloud.mailbox.waitFor((m) => m.to.includes(email) && m.subject === "Confirm your email for Freshet");
  await page.goto(mail.links[0]!);
  await page.waitForURL("**/onboarding");
  await page.getByLabel("Organization name").fill(orgName);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL("**/clusters");
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
  for (const [id, name] of [
    [ingest, "ingest"],
    [replay, "replay"],
  ] as const) {
    await prisma.cluster.create({ data: { id, orgId, name, region: "local", plan: "pro", status: "Failed", statusMessage: "usage fixture", spuCount: 1, partitionsLimit: 100 } });
  }
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
    for (const [clusterId, dimension, quantity] of rows) {
      await prisma.usageHour.create({ data: { orgId, clusterId, dimension, hourStart: new Date(hour), quantity: new Prisma.Decimal(quantity) } });
    }
    days += 1;
  }
  return { days };
}

describe("white-glove onboarding in the console", () => {
  it("goes from the customer's request to staff's approval to a $750 credit on the billing page", { timeout: 300_000 }, async () => {
    const customer = await newPage();
    onTestFailed(async () => {
      await shots.take(customer, "failed-here");
      console.log(cloud.output());
    });
    const email = `ada-${Date.now()}@example.com`;
    await signUpWithOrganization(customer, "Ada Lovelace", email, "Analytical Engines");
    const org = await prisma.organization.findFirstOrThrow({ where: { name: "Analytical Engines" } });
    const { days } = await arrangeUsage(org.id);

    await customer.getByRole("link", { name: "Billing" }).click();
    await customer.waitForURL("**/billing");
    // The sign-up trial credit is there from the start, and pays for the month so far.
    await expect.poll(() => customer.getByTestId("credit-balance-trial").textContent()).toBe("$50.00");
    await customer.getByRole("row", { name: /ingest/ }).waitFor();
    await customer.getByTestId("usage-chart").locator(".recharts-bar-rectangle").first().waitFor();
    expect(await customer.getByTestId("usage-chart").locator(".recharts-bar-rectangle").count()).toBe(days);

    await customer.getByLabel("What do you stream?").fill("Clickstream from our web shop into fraud scoring.");
    await customer.getByLabel("Expected volumes").fill("5 MB/s peak, 200 GB a month");
    await customer.getByLabel("When can we call you?").fill("Weekdays 9-12 UTC");
    await customer.getByRole("button", { name: "Request onboarding" }).click();
    await customer.getByTestId("onboarding-request").filter({ hasText: "Waiting for review" }).waitFor();
    expect(await customer.getByRole("button", { name: "Request onboarding" }).count()).toBe(0);

    // A Freshet staff member, in a browser of their own.
    const staff = await newPage();
    await signUpWithOrganization(staff, "Sam Staff", `sam-${Date.now()}@freshet.test`, "Freshet Operations");
    await prisma.user.updateMany({ where: { name: "Sam Staff" }, data: { isStaff: true } });
    await staff.goto("/staff");
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

    // The month closes early (the close function with a clock past its end and the settling time);
    // the worker's dispatcher pushes the invoice to Stripe and Stripe's webhooks come back to the API.
    const period = monthContaining(Date.now());
    const credited = Math.min(75_000, expectedCents);
    const closed = await closeOrganizationPeriod(prisma, org.id, period, period.end + HOUR);
    expect(closed).toMatchObject({ ok: true, value: { created: true, totalMinor: expectedCents - credited } });
    const ours = await prisma.invoice.findUniqueOrThrow({ where: { id: closed.ok ? closed.value.invoiceId : "" }, include: { lines: { orderBy: { position: "asc" } } } });
    const onboarding = grants.find((g) => g.kind === "onboarding")!;
    const creditLines = ours.lines.filter((line) => line.kind === "credit");
    // The onboarding credit is spent first (priority 10 before the trial's 30), and alone covers usage below $750.
    expect(creditLines.every((line) => line.grantId === onboarding.id && line.amountMinor < 0)).toBe(true);
    expect([ours.subtotalMinor, ours.creditsMinor, ours.totalMinor]).toEqual([expectedCents, -credited, expectedCents - credited]);
    expect(creditLines.reduce((sum, line) => sum + line.amountMinor, 0)).toBe(-credited);
    await expect
      .poll(
        async () => {
          const now = await prisma.invoice.findUniqueOrThrow({ where: { id: ours.id } });
          return [now.status, now.reconciliation];
        },
        { timeout: 30_000, interval: 200 },
      )
      .toEqual(["paid", "matched"]);
    const { stripeInvoiceId } = await prisma.invoice.findUniqueOrThrow({ where: { id: ours.id } });
    const inStripe = await cloud.stripe.invoices.retrieve(stripeInvoiceId!);
    expect((await cloud.stripe.invoices.list({ customer: String(inStripe.customer), limit: 100 })).data.map((i) => i.id)).toEqual([inStripe.id]);
    expect([inStripe.status, inStripe.subtotal, inStripe.total, inStripe.amount_due]).toEqual(["paid", expectedCents - credited, expectedCents - credited, expectedCents - credited]);
    const stripeLines: number[] = [];
    for await (const line of cloud.stripe.invoices.listLineItems(inStripe.id!, { limit: 100 })) stripeLines.push(line.amount);
    expect(stripeLines).toEqual(ours.lines.map((line) => line.amountMinor));

    await customer.goto("/billing");
    const invoiceRow = customer.getByRole("table", { name: "Invoices" }).getByRole("row", { name: new RegExp(formatMonth(period)) });
    await invoiceRow.getByText("Paid").waitFor();
    await invoiceRow.getByText(`${ours.lines.length} lines`).click();
    const shownLines = await invoiceRow.getByRole("listitem").allTextContents();
    expect(shownLines.filter((text) => text.startsWith("White-glove onboarding credit applied"))).toEqual(
      creditLines.map((line) => `White-glove onboarding credit applied${formatMoney(line.amountMinor)}`),
    );
    // The Total cell is the amount and, when Stripe hosts the invoice, a "View" link after it.
    const shownTotal = (await invoiceRow.getByRole("cell").nth(2).textContent())?.replace(/View$/, "").trim();
    expect(shownTotal).toBe(formatMoney(inStripe.amount_due));
    console.log(
      `invoice ${formatMonth(period)}: usage ${formatMoney(expectedCents)}, onboarding credit ${formatMoney(-credited)} in ${creditLines.length} lines, due ${shownTotal} on the page and ${formatMoney(inStripe.amount_due)} in Stripe (${inStripe.id})`,
    );
    await keep(customer, "billing-invoice");
  });
});
