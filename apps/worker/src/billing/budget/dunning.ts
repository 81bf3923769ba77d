import { recordBillingAudit } from "@freshet/billing-stripe/ledger";
import type { PrismaClient } from "@freshet/db/client";

/**
 * Suspends accounts that have been past due for longer than the grace period. A payment that
 * arrives later (`invoice.paid`) brings the standing back to good, and the budget evaluation then
 * lifts the cap the suspension imposed.
 */
export async function suspendOverdueAccounts(prisma: PrismaClient, now: number, graceMs: number): Promise<number> {
  const overdue = await prisma.billingAccount.findMany({ where: { standing: "past_due", pastDueSince: { lte: new Date(now - graceMs) } }, select: { id: true, orgId: true, pastDueSince: true } });
  let suspended = 0;
  for (const account of overdue) {
    await prisma.$transaction(async (tx) => {
      const changed = await tx.billingAccount.updateMany({ where: { id: account.id, standing: "past_due" }, data: { standing: "suspended" } });
      if (changed.count === 0) return;
      suspended++;
      await recordBillingAudit(tx, {
        orgId: account.orgId,
        action: "billing.standing_changed",
        targetType: "organization",
        targetId: account.orgId,
        metadata: { standing: "suspended", pastDueSince: account.pastDueSince?.toISOString() ?? null, graceMs },
        at: new Date(now),
      });
    });
  }
  return suspended;
}
