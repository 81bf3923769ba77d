import { trialGrant } from "@freshet/billing/credits";
import type { Prisma } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { grantRow, onceKeys } from "./grant-rows.js";

/**
 * The no-card credit every new organization starts with: $50 for 30 days, enough to try a pro
 * cluster for a while. The one place the amount is decided.
 */
export const TRIAL_CREDIT = { amountMinor: 5_000, validDays: 30 } as const;

/** The trial grant of a organization created at `at` (it has no grants yet, so the rule always issues one). */
export function trialCreditRow(orgId: string, at: Date, createdById: string): Prisma.CreditGrantUncheckedCreateInput {
  const grant = trialGrant([], { id: newId("creditGrant", at.getTime()), organizationId: orgId, amountMinor: TRIAL_CREDIT.amountMinor, at: at.getTime(), validDays: TRIAL_CREDIT.validDays });
  if (!grant.ok) throw new Error(grant.error);
  return grantRow(grant.value, onceKeys.trial(orgId), createdById);
}
