import type { Prisma, PrismaClient } from "@freshet/db/client";
import { AppError } from "../errors.js";

type Reader = PrismaClient | Prisma.TransactionClient;

/**
 * Paid resources (clusters on a paid plan, and partitions on them) need a way to pay: a payment
 * method on file or a credit with money left, and the organization must not be at its hard cap
 * or suspended for an unpaid invoice. Nothing existing is touched: data is never deleted.
 */
export async function assertMayAddPaidResources(prisma: Reader, orgId: string, now: Date, what: "cluster" | "partitions"): Promise<void> {
  const account = await prisma.billingAccount.findUnique({ where: { orgId } });
  if (account?.capState === "capped") {
    throw new AppError(
      "spend-capped",
      `This organization reached its spending cap, so no new paid ${what === "cluster" ? "clusters" : "partitions"} can be added; raise or remove the cap on the Billing page.`,
    );
  }
  if (account?.standing === "suspended") {
    throw new AppError("spend-capped", "This organization is suspended for an unpaid invoice, so no new paid resources can be added; update the payment method on the Billing page.");
  }
  if (what === "partitions" || (account?.paymentMethodId ?? null) !== null) return;
  if (!(await hasUsableCredit(prisma, orgId, now))) {
    throw new AppError("payment-required", "A paid plan needs a payment method or a credit with money left; add a payment method on the Billing page.");
  }
}

/** A grant in force now whose ledger still leaves a balance. */
async function hasUsableCredit(prisma: Reader, orgId: string, now: Date): Promise<boolean> {
  const grants = await prisma.creditGrant.findMany({
    where: { orgId, effectiveAt: { lte: now }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    include: { entries: { select: { amountMinor: true } } },
  });
  return grants.some((grant) => grant.entries.reduce((balance, entry) => balance + entry.amountMinor, grant.amountMinor) > 0);
}
