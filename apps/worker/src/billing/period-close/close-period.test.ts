import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { ensureListPrices } from "@freshet/billing-store/price-book";
import { monthContaining } from "@freshet/billing-store/period";
import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { addUsage, KNOWN_MONTH_TOTAL, knownMonthOfUsage, onboardingCredit, orgWithCluster } from "../test-support/billing-fixtures.js";
import { closeDuePeriods, periodToClose } from "./close-due-periods.js";
import { closeOrganizationPeriod } from "./close-period.js";

let db: TestDatabase;
let prisma: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  await ensureListPrices(prisma);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

const MARCH = monthContaining(Date.UTC(2026, 2, 15));
const APRIL = monthContaining(Date.UTC(2026, 3, 15));
const CLOSE_MARCH_AT = Date.UTC(2026, 3, 1, 6);
const CLOSE_APRIL_AT = Date.UTC(2026, 4, 1, 6);
const HOUR = 3_600_000;

async function invoiceOf(orgId: string, period: { start: number }) {
  return prisma.invoice.findUniqueOrThrow({ where: { orgId_periodStart: { orgId, periodStart: new Date(period.start) } }, include: { lines: { orderBy: { position: "asc" } } } });
}

describe("periodToClose", () => {
  it("is the month before, once the settle delay after its end has passed", () => {
    expect(periodToClose(Date.UTC(2026, 3, 1, 0, 30), HOUR)).toEqual(monthContaining(Date.UTC(2026, 1, 10)));
    expect(periodToClose(Date.UTC(2026, 3, 1, 1), HOUR)).toEqual(MARCH);
  });
});

describe("closeOrganizationPeriod", () => {
  it("writes one invoice with the rated lines and one outbox row per Stripe call, however often it runs", async () => {
    const { orgId, clusterId } = await orgWithCluster(prisma, "known");
    await knownMonthOfUsage(prisma, orgId, clusterId, "2026-03");
    const first = await closeOrganizationPeriod(prisma, orgId, MARCH, CLOSE_MARCH_AT);
    const second = await closeOrganizationPeriod(prisma, orgId, MARCH, CLOSE_MARCH_AT + HOUR);
    expect(first).toMatchObject({ ok: true, value: { created: true, totalMinor: KNOWN_MONTH_TOTAL } });
    expect(second).toMatchObject({ ok: true, value: { created: false, totalMinor: KNOWN_MONTH_TOTAL } });
    const invoice = await invoiceOf(orgId, MARCH);
    expect(invoice).toMatchObject({ status: "draft", subtotalMinor: 3370, creditsMinor: 0, totalMinor: 3370, reconciliation: "pending", currency: "usd" });
    expect(invoice.lines.map((line) => [line.position, line.kind, line.dimension, line.quantity?.toFixed(), line.amountMinor])).toEqual([
      [0, "usage", "ingress_gib", "40", 180],
      [1, "usage", "egress_gib", "25", 120],
      [2, "usage", "partition_hours", "1000", 150],
      [3, "usage", "spu_hours", "730", 2920],
    ]);
    const outbox = await prisma.billingOutbox.findMany({ where: { invoiceId: invoice.id }, orderBy: { idempotencyKey: "asc" } });
    expect(outbox.map((row) => [row.kind, row.idempotencyKey])).toEqual([
      ["finalize_invoice", `${invoice.id}:finalize`],
      ["create_invoice", `${invoice.id}:invoice`],
      ...[0, 1, 2, 3].map((position) => ["invoice_item", `${invoice.id}:item:${position}`]),
      ["pay_invoice", `${invoice.id}:pay`],
    ]);
    expect(await prisma.auditLog.count({ where: { orgId, action: "billing.period_closed" } })).toBe(1);
  });

  it("pays lines from the onboarding credit: a negative line, a ledger entry naming the invoice, min(75000, usage) off the amount due", async () => {
    const small = await orgWithCluster(prisma, "credit-small");
    await knownMonthOfUsage(prisma, small.orgId, small.clusterId, "2026-03");
    const smallGrant = await onboardingCredit(prisma, small.orgId, "2026-03-01T00:00:00Z");
    const big = await orgWithCluster(prisma, "credit-big");
    // 20000 SPU-hours at 4¢ = 80000: more than the credit.
    await addUsage(prisma, big.orgId, big.clusterId, "spu_hours", "2026-03-10T00:00:00Z", "20000");
    const bigGrant = await onboardingCredit(prisma, big.orgId, "2026-03-01T00:00:00Z");

    await closeOrganizationPeriod(prisma, small.orgId, MARCH, CLOSE_MARCH_AT);
    await closeOrganizationPeriod(prisma, big.orgId, MARCH, CLOSE_MARCH_AT);
    const smallInvoice = await invoiceOf(small.orgId, MARCH);
    expect(smallInvoice).toMatchObject({ subtotalMinor: 3370, creditsMinor: -3370, totalMinor: 0 });
    expect(smallInvoice.lines.filter((line) => line.kind === "credit").map((line) => [line.amountMinor, line.grantId, line.description])).toEqual([
      [-180, smallGrant, "White-glove onboarding credit applied"],
      [-120, smallGrant, "White-glove onboarding credit applied"],
      [-150, smallGrant, "White-glove onboarding credit applied"],
      [-2920, smallGrant, "White-glove onboarding credit applied"],
    ]);
    const bigInvoice = await invoiceOf(big.orgId, MARCH);
    expect(bigInvoice).toMatchObject({ subtotalMinor: 80_000, creditsMinor: -75_000, totalMinor: 5_000 });
    const entries = await prisma.creditLedgerEntry.findMany({ where: { grantId: bigGrant } });
    expect(entries.map((entry) => [entry.invoiceId, entry.kind, entry.amountMinor])).toEqual([[bigInvoice.id, "consume", -75_000]]);

    // The grant is spent: April's usage is billed in full.
    await addUsage(prisma, big.orgId, big.clusterId, "spu_hours", "2026-04-10T00:00:00Z", "100");
    await closeOrganizationPeriod(prisma, big.orgId, APRIL, CLOSE_APRIL_AT);
    expect(await invoiceOf(big.orgId, APRIL)).toMatchObject({ subtotalMinor: 400, creditsMinor: 0, totalMinor: 400 });
  });

  it("bills usage that arrived after its month closed as a labelled adjustment on the next invoice", async () => {
    const { orgId, clusterId } = await orgWithCluster(prisma, "late");
    await addUsage(prisma, orgId, clusterId, "ingress_gib", "2026-03-03T10:00:00Z", "8");
    await closeOrganizationPeriod(prisma, orgId, MARCH, CLOSE_MARCH_AT);
    expect(await invoiceOf(orgId, MARCH)).toMatchObject({ totalMinor: 0, status: "paid", reconciliation: "matched" });
    // 7 more GiB of March arrive late: 8 + 7 = 15, so 5 GiB pass the 10 free ones: 30¢.
    await addUsage(prisma, orgId, clusterId, "ingress_gib", "2026-03-31T23:00:00Z", "7");
    await addUsage(prisma, orgId, clusterId, "spu_hours", "2026-04-02T00:00:00Z", "10");
    await closeOrganizationPeriod(prisma, orgId, APRIL, CLOSE_APRIL_AT);
    const april = await invoiceOf(orgId, APRIL);
    expect(april.lines.map((line) => [line.kind, line.dimension, line.quantity?.toFixed(), line.amountMinor, line.segmentStart?.toISOString()])).toEqual([
      ["usage", "spu_hours", "10", 40, "2026-04-01T00:00:00.000Z"],
      ["adjustment", "ingress_gib", "7", 30, "2026-03-01T00:00:00.000Z"],
    ]);
    expect(april.lines[1]?.description).toBe("Adjustment: Data in used 2026-03-01 to 2026-04-01 (UTC), reported after that period was billed");
    expect(april.totalMinor).toBe(70);
  });

  it("keeps a paid zero invoice, and no outbox rows, for a month with nothing to bill", async () => {
    const { orgId } = await orgWithCluster(prisma, "idle");
    await closeOrganizationPeriod(prisma, orgId, MARCH, CLOSE_MARCH_AT);
    const invoice = await invoiceOf(orgId, MARCH);
    expect(invoice).toMatchObject({ status: "paid", totalMinor: 0, reconciliation: "matched", stripeInvoiceId: null });
    expect(invoice.lines).toEqual([]);
    expect(await prisma.billingOutbox.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });
});

describe("closeDuePeriods", () => {
  it("closes every organization's settled month once", async () => {
    const logger = pino({ level: "silent" });
    const first = await closeDuePeriods(prisma, Date.UTC(2026, 5, 1, 2), HOUR, logger);
    const again = await closeDuePeriods(prisma, Date.UTC(2026, 5, 1, 3), HOUR, logger);
    const orgs = await prisma.organization.count();
    expect(first).toMatchObject({ period: monthContaining(Date.UTC(2026, 4, 2)), closed: orgs, alreadyClosed: 0, failures: [] });
    expect(again).toMatchObject({ closed: 0, alreadyClosed: orgs });
    expect(await prisma.invoice.count({ where: { periodStart: new Date(Date.UTC(2026, 4, 1)) } })).toBe(orgs);
  });
});
