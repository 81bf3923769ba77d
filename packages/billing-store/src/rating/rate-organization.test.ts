import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, Prisma, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { ensureListPrices } from "../price-book/list-prices.js";
import { loadPriceBook } from "../price-book/load-price-book.js";
import { monthContaining } from "../period/calendar-month.js";
import { rateOrganization } from "./rate-organization.js";

let db: TestDatabase;
let prisma: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

const MARCH = monthContaining(Date.UTC(2026, 2, 15));

async function orgWithClusters(slug: string, plans: readonly string[]): Promise<{ orgId: string; clusterIds: string[] }> {
  const orgId = newId("organization");
  await prisma.organization.create({ data: { id: orgId, name: slug, slug, createdAt: new Date() } });
  const clusterIds: string[] = [];
  for (const [i, plan] of plans.entries()) {
    const cluster = await prisma.cluster.create({ data: { id: newId("cluster"), orgId, name: `c${i}`, region: "local", plan, spuCount: 1, partitionsLimit: 10 } });
    clusterIds.push(cluster.id);
  }
  return { orgId, clusterIds };
}

async function usage(orgId: string, clusterId: string, dimension: string, hour: string, quantity: string): Promise<void> {
  await prisma.usageHour.create({ data: { orgId, clusterId, dimension, hourStart: new Date(hour), quantity: new Prisma.Decimal(quantity) } });
}

describe("rateOrganization", () => {
  it("writes the list prices once, however often it is asked", async () => {
    const first = await ensureListPrices(prisma);
    expect(first).toBe(14);
    expect(await ensureListPrices(prisma)).toBe(0);
    const book = await loadPriceBook(prisma);
    expect(book.ok && book.value.versions.length).toBe(14);
  });

  it("prices each cluster by its plan, and clusters on one plan share the plan's tiers", async () => {
    const { orgId, clusterIds } = await orgWithClusters("two-plans", ["pro", "pro", "free"]);
    const [a, b, free] = clusterIds as [string, string, string];
    // 8 + 7 GiB in on pro: 10 free, 5 at 6¢ = 30¢. The free cluster's 100 GiB cost nothing.
    await usage(orgId, a, "ingress_gib", "2026-03-02T10:00:00Z", "8");
    await usage(orgId, b, "ingress_gib", "2026-03-03T10:00:00Z", "7");
    await usage(orgId, free, "ingress_gib", "2026-03-03T10:00:00Z", "100");
    // 730 SPU-hours at 4¢ = $29.20.
    await usage(orgId, a, "spu_hours", "2026-03-04T00:00:00Z", "730");
    // 100 connector-hours at 1.5¢ = $1.50.
    await usage(orgId, b, "connector_hours", "2026-03-05T00:00:00Z", "100");
    // Usage outside the period is not rated.
    await usage(orgId, a, "spu_hours", "2026-04-01T00:00:00Z", "5");
    const rated = await rateOrganization(prisma, orgId, MARCH);
    if (!rated.ok) throw new Error(rated.error);
    expect(rated.value.lines.map((line) => [line.planId, line.dimension, line.quantity, line.amountMinor])).toEqual([
      ["free", "ingress_gib", "100", 0],
      ["pro", "ingress_gib", "15", 30],
      ["pro", "spu_hours", "730", 2920],
      ["pro", "connector_hours", "100", 150],
    ]);
  });

  it("says which cluster is unknown instead of rating usage it cannot price", async () => {
    const { orgId } = await orgWithClusters("stray", ["pro"]);
    await usage(orgId, "clu_elsewhere", "ingress_gib", "2026-03-02T10:00:00Z", "1");
    expect(await rateOrganization(prisma, orgId, MARCH)).toEqual({ ok: false, error: `Usage names cluster clu_elsewhere, which organization ${orgId} does not have.` });
  });
});
