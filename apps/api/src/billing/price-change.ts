import { changePrice, createPriceBook, priceSchema, type PriceInput, type PriceVersion } from "@freshet/billing/price-book";
import type { Dimension } from "@freshet/billing/usage";
import { toPriceVersion } from "@freshet/billing-store/price-book";
import type { Prisma, PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { AppError } from "../errors.js";

export interface NewPrice {
  readonly planId: string;
  readonly dimension: Dimension;
  /** A UTC hour boundary not in the past. */
  readonly effectiveFrom: Date;
  readonly price: PriceInput;
}

// Any constant works; it only has to be the same for every price change.
const PRICE_BOOK_LOCK = 72_707_370;

/**
 * Adds a price version by the price book's own rule (`changePrice`): from a future hour, ending the
 * version in force then; no stored row changes except that open version gaining its end. Changes
 * are serialized, so two at once cannot both end the same version.
 */
export async function createPriceVersion(prisma: PrismaClient, change: NewPrice, createdById: string, now: Date): Promise<string> {
  const parsed = priceSchema.safeParse(change.price);
  if (!parsed.success) throw new AppError("invalid-request", `The price is not valid: ${parsed.error.issues[0]?.message ?? "unreadable"}.`);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PRICE_BOOK_LOCK})`;
    const book = createPriceBook(await listVersions(tx));
    if (!book.ok) throw new Error(book.error);
    const id = newId("priceVersion", now.getTime());
    const changed = changePrice(
      book.value,
      { id, planId: change.planId, accountId: null, dimension: change.dimension, effectiveFrom: change.effectiveFrom.getTime(), price: parsed.data },
      now.getTime(),
    );
    if (!changed.ok) throw new AppError("invalid-request", changed.error);
    await tx.priceVersion.updateMany({
      where: { planId: change.planId, orgId: null, dimension: change.dimension, effectiveTo: null },
      data: { effectiveTo: change.effectiveFrom },
    });
    await tx.priceVersion.create({ data: { id, planId: change.planId, dimension: change.dimension, effectiveFrom: change.effectiveFrom, price: change.price as Prisma.InputJsonObject, createdById } });
    return id;
  });
}

async function listVersions(tx: Prisma.TransactionClient): Promise<PriceVersion[]> {
  const versions: PriceVersion[] = [];
  for (const row of await tx.priceVersion.findMany()) {
    const version = toPriceVersion(row);
    if (!version.ok) throw new Error(version.error);
    versions.push(version.value);
  }
  return versions;
}
