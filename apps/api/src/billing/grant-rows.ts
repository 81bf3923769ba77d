import type { CreditGrant } from "@freshet/billing/credits";
import type { Prisma } from "@freshet/db/client";

/**
 * The row of a grant the pure rules issued. `onceKey` is unique in the table, so a second grant
 * of a once-per-organization kind fails in the database even if two requests raced past the rules.
 */
export function grantRow(grant: CreditGrant, onceKey: string, createdById: string | null): Prisma.CreditGrantUncheckedCreateInput {
  return {
    id: grant.id,
    orgId: grant.organizationId,
    kind: grant.kind,
    category: grant.category,
    amountMinor: grant.amountMinor,
    priority: grant.priority,
    effectiveAt: new Date(grant.effectiveAt),
    expiresAt: grant.expiresAt === null ? null : new Date(grant.expiresAt),
    scope: grant.scope === null ? [] : [...grant.scope],
    code: grant.code,
    onceKey,
    createdById,
  };
}

export const onceKeys = {
  trial: (orgId: string) => `${orgId}:trial`,
  onboarding: (orgId: string) => `${orgId}:onboarding`,
  promotion: (orgId: string, code: string) => `${orgId}:promotion:${code}`,
};
