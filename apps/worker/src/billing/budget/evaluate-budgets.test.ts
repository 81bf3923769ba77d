import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { ensureListPrices } from "@freshet/billing-store/price-book";
import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { addUsage, knownMonthOfUsage, onboardingCredit, orgWithCluster } from "../test-support/billing-fixtures.js";
import { suspendOverdueAccounts } from "./dunning.js";
import { evaluateBudgets } from "./evaluate-budgets.js";

let db: TestDatabase;
let prisma: PrismaClient;
const logger = pino({ level: "silent" });
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  await ensureListPrices(prisma);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

// Month to date is May 2026 at this (manual) clock.
const NOW = Date.UTC(2026, 4, 20, 12);
const DAY = 86_400_000;

async function account(orgId: string, data: { budgetMinor?: number; hardCapMinor?: number }): Promise<string> {
  const id = newId("billingAccount");
  await prisma.billingAccount.create({ data: { id, orgId, ...data } });
  return id;
}

async function alertLevels(orgId: string): Promise<number[]> {
  return (await prisma.budgetAlert.findMany({ where: { orgId }, orderBy: { level: "asc" } })).map((alert) => alert.level);
}

describe("evaluateBudgets", () => {
  it("fires each alert level once per period and caps at the hard cap, lifting it when the cap is raised", async () => {
    const { orgId, clusterId } = await orgWithCluster(prisma, "budget");
    await account(orgId, { budgetMinor: 4_000, hardCapMinor: 3_500 });
    // 3370¢: past 50% (2000) and 75% (3000) of the budget, under the cap.
    await knownMonthOfUsage(prisma, orgId, clusterId, "2026-05");
    await evaluateBudgets(prisma, NOW, logger);
    await evaluateBudgets(prisma, NOW + 60_000, logger);
    expect(await alertLevels(orgId)).toEqual([50, 75]);
    expect(await prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).toMatchObject({ capState: "uncapped", capStateAt: null });

    // +60 SPU-hours = 240¢ → 3610¢: 90% (3600) and the cap (3500).
    await addUsage(prisma, orgId, clusterId, "spu_hours", "2026-05-19T00:00:00Z", "60");
    const report = await evaluateBudgets(prisma, NOW + 120_000, logger);
    expect(report).toMatchObject({ alertsFired: 1, capChanges: 1, failures: [] });
    expect(await alertLevels(orgId)).toEqual([50, 75, 90]);
    expect(await prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).toMatchObject({ capState: "capped", capStateAt: new Date(NOW + 120_000) });

    // +100 SPU-hours = 400¢ → 4010¢: 100%.
    await addUsage(prisma, orgId, clusterId, "spu_hours", "2026-05-19T01:00:00Z", "100");
    await evaluateBudgets(prisma, NOW + 180_000, logger);
    await evaluateBudgets(prisma, NOW + 240_000, logger);
    expect(await alertLevels(orgId)).toEqual([50, 75, 90, 100]);
    const audited = await prisma.auditLog.findMany({ where: { orgId, action: "billing.budget_alert" }, orderBy: { createdAt: "asc" } });
    expect(audited.map((entry) => (entry.metadata as { level: number }).level)).toEqual([50, 75, 90, 100]);

    await prisma.billingAccount.update({ where: { orgId }, data: { hardCapMinor: 10_000 } });
    await evaluateBudgets(prisma, NOW + 300_000, logger);
    expect(await prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).toMatchObject({ capState: "uncapped", capStateAt: new Date(NOW + 300_000) });
    const changes = await prisma.auditLog.findMany({ where: { orgId, action: "billing.cap_state_changed" }, orderBy: { createdAt: "asc" } });
    expect(changes.map((entry) => (entry.metadata as { to: string }).to)).toEqual(["capped", "uncapped"]);
    // A new period starts with no alert fired.
    await evaluateBudgets(prisma, Date.UTC(2026, 5, 1, 1), logger);
    expect(await prisma.budgetAlert.count({ where: { orgId, periodStart: new Date(Date.UTC(2026, 5, 1)) } })).toBe(0);
  });

  it("measures spend net of credits", async () => {
    const { orgId, clusterId } = await orgWithCluster(prisma, "budget-credit");
    await account(orgId, { budgetMinor: 4_000, hardCapMinor: 3_000 });
    await knownMonthOfUsage(prisma, orgId, clusterId, "2026-05");
    await onboardingCredit(prisma, orgId, "2026-05-01T00:00:00Z");
    await evaluateBudgets(prisma, NOW, logger);
    expect(await alertLevels(orgId)).toEqual([]);
    expect((await prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).capState).toBe("uncapped");
  });
});

describe("suspendOverdueAccounts", () => {
  it("suspends after the grace period, and a suspended account is capped", async () => {
    const { orgId } = await orgWithCluster(prisma, "dunning");
    await account(orgId, {});
    const since = new Date(NOW - 7 * DAY);
    await prisma.billingAccount.update({ where: { orgId }, data: { standing: "past_due", pastDueSince: since } });
    expect(await suspendOverdueAccounts(prisma, NOW - 1, 7 * DAY)).toBe(0);
    expect(await suspendOverdueAccounts(prisma, NOW, 7 * DAY)).toBe(1);
    expect(await suspendOverdueAccounts(prisma, NOW + 1, 7 * DAY)).toBe(0);
    await evaluateBudgets(prisma, NOW, logger);
    expect(await prisma.billingAccount.findUniqueOrThrow({ where: { orgId } })).toMatchObject({ standing: "suspended", capState: "capped" });
  });
});
