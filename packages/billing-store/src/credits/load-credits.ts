import { creditGrantSchema, type CreditEntry, type CreditGrant } from "@freshet/billing/credits";
import { err, ok, type Result } from "@freshet/billing/money";
import type { CreditGrant as CreditGrantRow, PrismaClient } from "@freshet/db/client";

export function toCreditGrant(row: CreditGrantRow): Result<CreditGrant> {
  const parsed = creditGrantSchema.safeParse({
    id: row.id,
    organizationId: row.orgId,
    kind: row.kind,
    category: row.category,
    amountMinor: row.amountMinor,
    priority: row.priority,
    effectiveAt: row.effectiveAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    scope: row.scope.length === 0 ? null : row.scope,
    code: row.code,
  });
  if (!parsed.success) return err(`Credit grant ${row.id} is not valid: ${parsed.error.issues[0]?.message ?? "unreadable"}.`);
  return ok(parsed.data);
}

/** The organization's grants (spent and expired ones included: once-per-org rules read them) and every consumption of them. */
export async function loadCredits(prisma: PrismaClient, orgId: string): Promise<Result<{ grants: CreditGrant[]; entries: CreditEntry[] }>> {
  const rows = await prisma.creditGrant.findMany({ where: { orgId }, include: { entries: true }, orderBy: { createdAt: "asc" } });
  const grants: CreditGrant[] = [];
  const entries: CreditEntry[] = [];
  for (const row of rows) {
    const grant = toCreditGrant(row);
    if (!grant.ok) return grant;
    grants.push(grant.value);
    for (const entry of row.entries) {
      if (entry.kind === "consume") entries.push({ grantId: entry.grantId, kind: "consume", amountMinor: entry.amountMinor, lineRef: entry.lineRef, at: entry.at.getTime() });
    }
  }
  return ok({ grants, entries });
}
