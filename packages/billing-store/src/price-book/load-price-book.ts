import { createPriceBook, priceVersionSchema, type PriceBook, type PriceVersion } from "@freshet/billing/price-book";
import { err, type Result } from "@freshet/billing/money";
import type { PrismaClient, PriceVersion as PriceVersionRow } from "@freshet/db/client";

/** A stored row as the pure price book sees it; a row that does not parse is a plain-sentence error. */
export function toPriceVersion(row: PriceVersionRow): Result<PriceVersion> {
  const parsed = priceVersionSchema.safeParse({
    id: row.id,
    planId: row.planId,
    accountId: row.orgId,
    dimension: row.dimension,
    effectiveFrom: row.effectiveFrom.toISOString(),
    effectiveTo: row.effectiveTo?.toISOString() ?? null,
    price: row.price,
  });
  if (!parsed.success) return err(`Price version ${row.id} is not valid: ${parsed.error.issues[0]?.message ?? "unreadable"}.`);
  return { ok: true, value: parsed.data };
}

/** Every price version, validated as one book (no overlaps). */
export async function loadPriceBook(prisma: PrismaClient): Promise<Result<PriceBook>> {
  const rows = await prisma.priceVersion.findMany({ orderBy: [{ planId: "asc" }, { dimension: "asc" }, { effectiveFrom: "asc" }] });
  const versions: PriceVersion[] = [];
  for (const row of rows) {
    const version = toPriceVersion(row);
    if (!version.ok) return version;
    versions.push(version.value);
  }
  return createPriceBook(versions);
}
