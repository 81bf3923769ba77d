import { toCreditGrant } from "@freshet/billing-store/credits";
import { promotionGrant } from "@freshet/billing/credits";
import { Prisma, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { recordAudit } from "../audit.js";
import type { Actor } from "../context.js";
import { AppError } from "../errors.js";
import { grantRow, onceKeys } from "./grant-rows.js";

const DAY_MS = 86_400_000;

export interface NewPromotionCode {
  /** Upper case already (the router's schema folds it). */
  readonly code: string;
  readonly amountMinor: number;
  readonly validDays: number;
  readonly redeemableUntil: Date | null;
  readonly maxRedemptions: number | null;
}

/** A new code; codes are unique, so a second one with the same letters is refused in a sentence. */
export async function createPromotionCode(prisma: PrismaClient, code: NewPromotionCode, staffUserId: string): Promise<void> {
  try {
    await prisma.promotionCode.create({ data: { ...code, createdById: staffUserId } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("already-exists", `The code ${code.code} already exists; choose other letters.`, { cause: error });
    }
    throw error;
  }
}

/** How many organizations redeemed each code: the grants that carry it. */
export async function redemptionCounts(prisma: PrismaClient): Promise<ReadonlyMap<string, number>> {
  const rows = await prisma.creditGrant.groupBy({ by: ["code"], where: { kind: "promotion", code: { not: null } }, _count: { _all: true } });
  return new Map(rows.map((row) => [row.code ?? "", row._count._all]));
}

/**
 * Redeems `code` (upper case) for `orgId`: one transaction that locks the code's row, so redemptions
 * of one code run one after another and the redemption limit cannot be overshot by a race; the
 * grant's onceKey makes "once per organization" a database fact besides. Audited in the same
 * transaction. Returns the grant's id.
 */
export async function redeemPromotionCode(prisma: PrismaClient, caller: { actor: Actor; ip: string }, orgId: string, code: string, now: Date): Promise<string> {
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ code: string }>>`SELECT "code" FROM "promotion_code" WHERE "code" = ${code} FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not-found", `There is no promotion code ${code}; check its spelling.`);
    const promotion = await tx.promotionCode.findUniqueOrThrow({ where: { code } });
    if (promotion.redeemableUntil !== null && promotion.redeemableUntil.getTime() <= now.getTime()) {
      throw new AppError("invalid-request", `The code ${code} could be redeemed until ${promotion.redeemableUntil.toISOString().slice(0, 10)} and no longer can.`);
    }
    const redeemed = await tx.creditGrant.findMany({ where: { kind: "promotion", code } });
    const existing = [];
    for (const row of redeemed.filter((r) => r.orgId === orgId)) {
      const grant = toCreditGrant(row);
      if (!grant.ok) throw new Error(grant.error);
      existing.push(grant.value);
    }
    const expiresAt = now.getTime() + promotion.validDays * DAY_MS;
    const issued = promotionGrant(existing, {
      id: newId("creditGrant", now.getTime()),
      organizationId: orgId,
      code,
      amountMinor: promotion.amountMinor,
      at: now.getTime(),
      expiresAt,
    });
    if (!issued.ok) throw new AppError("already-exists", `This organization already redeemed the code ${code}.`, { cause: issued.error });
    if (promotion.maxRedemptions !== null && redeemed.length >= promotion.maxRedemptions) {
      throw new AppError("invalid-request", `The code ${code} has been redeemed as many times as it may be.`);
    }
    await tx.creditGrant.create({ data: grantRow(issued.value, onceKeys.promotion(orgId, code), caller.actor.user.id) });
    await recordAudit(
      { prisma: tx, actor: caller.actor, ip: caller.ip },
      {
        orgId,
        action: "billing.promotion_redeemed",
        targetType: "creditGrant",
        targetId: issued.value.id,
        metadata: { code, amountMinor: issued.value.amountMinor, expiresAt: new Date(expiresAt).toISOString() },
      },
    );
    return issued.value.id;
  });
}
