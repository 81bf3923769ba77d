import type { Prisma } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";

/** A transaction or the client itself: ledger writes take whichever the caller is in. */
export type Db = Prisma.TransactionClient;

export interface BillingAuditEntry {
  readonly orgId: string;
  /** A dotted verb such as "billing.invoice_paid". */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly metadata?: Prisma.InputJsonObject;
  readonly at: Date;
}

/** An audit entry written by billing itself (no person or key acted: a job or Stripe did). */
export async function recordBillingAudit(db: Db, entry: BillingAuditEntry): Promise<void> {
  await db.auditLog.create({
    data: { id: newId("auditLog"), orgId: entry.orgId, action: entry.action, targetType: entry.targetType, targetId: entry.targetId, metadata: entry.metadata ?? {}, createdAt: entry.at },
  });
}
