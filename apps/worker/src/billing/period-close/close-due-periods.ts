import type { Interval } from "@freshet/billing/usage";
import { monthBefore, monthContaining } from "@freshet/billing-store/period";
import type { PrismaClient } from "@freshet/db/client";
import type { Logger } from "pino";
import { closeOrganizationPeriod } from "./close-period.js";

export interface PeriodCloseReport {
  readonly period: Interval;
  readonly closed: number;
  readonly alreadyClosed: number;
  /** One sentence per organization that could not be closed (it is tried again on the next run). */
  readonly failures: readonly string[];
}

/**
 * The month to close at `now`: the one before the month that `now - settleMs` falls in. Usage
 * keeps arriving for a while after a month ends (collector intervals, a collector catching up), so
 * a month closes only `settleMs` after its end.
 */
export function periodToClose(now: number, settleMs: number): Interval {
  return monthBefore(monthContaining(now - settleMs));
}

/** Closes the settled month of every organization that existed during it. Safe to run any number of times. */
export async function closeDuePeriods(prisma: PrismaClient, now: number, settleMs: number, logger: Logger): Promise<PeriodCloseReport> {
  const period = periodToClose(now, settleMs);
  const orgs = await prisma.organization.findMany({ where: { createdAt: { lt: new Date(period.end) } }, select: { id: true }, orderBy: { id: "asc" } });
  let closed = 0;
  let alreadyClosed = 0;
  const failures: string[] = [];
  for (const org of orgs) {
    const result = await closeOrganizationPeriod(prisma, org.id, period, now);
    if (!result.ok) {
      logger.error({ orgId: org.id, error: result.error }, "period close failed");
      failures.push(result.error);
    } else if (result.value.created) closed++;
    else alreadyClosed++;
  }
  return { period, closed, alreadyClosed, failures };
}
