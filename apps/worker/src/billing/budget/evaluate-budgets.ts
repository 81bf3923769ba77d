import { alertsToFire, capState, type AlertLevel } from "@freshet/billing/budget";
import { applyCredits } from "@freshet/billing/credits";
import { recordBillingAudit } from "@freshet/billing-stripe/ledger";
import { loadCredits } from "@freshet/billing-store/credits";
import { formatMonth, monthContaining } from "@freshet/billing-store/period";
import { rateOrganization } from "@freshet/billing-store/rating";
import type { BillingAccount, PrismaClient } from "@freshet/db/client";
import type { Logger } from "pino";

export interface BudgetReport {
  readonly evaluated: number;
  readonly alertsFired: number;
  readonly capChanges: number;
  readonly failures: readonly string[];
}

/** Month-to-date spend net of credits: the same rating and credit order as the invoice will use. */
async function spendToDate(prisma: PrismaClient, orgId: string, now: number): Promise<{ ok: true; spendMinor: number } | { ok: false; error: string }> {
  const rated = await rateOrganization(prisma, orgId, monthContaining(now));
  if (!rated.ok) return rated;
  const credits = await loadCredits(prisma, orgId);
  if (!credits.ok) return credits;
  return { ok: true, spendMinor: applyCredits(rated.value.lines, credits.value.grants, credits.value.entries, now).dueMinor };
}

async function evaluateAccount(prisma: PrismaClient, account: BillingAccount, now: number): Promise<{ alerts: number; capChanged: boolean } | string> {
  const spend = await spendToDate(prisma, account.orgId, now);
  if (!spend.ok) return `Budget of ${account.orgId} cannot be evaluated: ${spend.error}`;
  const period = monthContaining(now);
  const periodStart = new Date(period.start);
  const at = new Date(now);
  const fired = await prisma.budgetAlert.findMany({ where: { orgId: account.orgId, periodStart }, select: { level: true } });
  const levels = alertsToFire(
    spend.spendMinor,
    account.budgetMinor,
    fired.map((alert) => alert.level as AlertLevel),
  );
  let alerts = 0;
  for (const level of levels) {
    await prisma.$transaction(async (tx) => {
      // The primary key (org, period, level) makes "once per period" hold even for two evaluators at once.
      const inserted = await tx.budgetAlert.createMany({ data: [{ orgId: account.orgId, periodStart, level, spendMinor: spend.spendMinor, firedAt: at }], skipDuplicates: true });
      if (inserted.count === 0) return;
      alerts++;
      await recordBillingAudit(tx, {
        orgId: account.orgId,
        action: "billing.budget_alert",
        targetType: "billing_account",
        targetId: account.id,
        metadata: { period: formatMonth(period), level, spendMinor: spend.spendMinor, budgetMinor: account.budgetMinor },
        at,
      });
    });
  }
  // A suspended account is capped whatever it spent: it pays nothing, so it may use no more.
  const next = account.standing === "suspended" ? "capped" : capState(spend.spendMinor, account.hardCapMinor);
  let capChanged = false;
  if (next !== account.capState) {
    await prisma.$transaction(async (tx) => {
      const changed = await tx.billingAccount.updateMany({ where: { id: account.id, capState: account.capState }, data: { capState: next, capStateAt: at } });
      if (changed.count === 0) return;
      capChanged = true;
      await recordBillingAudit(tx, {
        orgId: account.orgId,
        action: "billing.cap_state_changed",
        targetType: "billing_account",
        targetId: account.id,
        metadata: { from: account.capState, to: next, spendMinor: spend.spendMinor, hardCapMinor: account.hardCapMinor, standing: account.standing },
        at,
      });
    });
  }
  return { alerts, capChanged };
}

/**
 * Rates month to date every account with a budget, a hard cap, a suspension or a cap to lift, fires
 * the budget alerts not yet fired this period and sets capState. What reads capState (throttling
 * the clusters, refusing new paid resources) is elsewhere; this keeps the state right.
 */
export async function evaluateBudgets(prisma: PrismaClient, now: number, logger: Logger): Promise<BudgetReport> {
  const accounts = await prisma.billingAccount.findMany({
    where: { OR: [{ budgetMinor: { not: null } }, { hardCapMinor: { not: null } }, { standing: "suspended" }, { capState: "capped" }] },
    orderBy: { id: "asc" },
  });
  let alertsFired = 0;
  let capChanges = 0;
  const failures: string[] = [];
  for (const account of accounts) {
    const outcome = await evaluateAccount(prisma, account, now);
    if (typeof outcome === "string") {
      logger.error({ orgId: account.orgId, error: outcome }, "budget evaluation failed");
      failures.push(outcome);
      continue;
    }
    alertsFired += outcome.alerts;
    if (outcome.capChanged) capChanges++;
  }
  return { evaluated: accounts.length, alertsFired, capChanges, failures };
}
