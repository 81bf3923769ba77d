import { Prisma, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";

/** An organization (created before 2026) with one cluster on `plan`. */
export async function orgWithCluster(prisma: PrismaClient, slug: string, plan = "pro"): Promise<{ orgId: string; clusterId: string }> {
  const orgId = newId("organization");
  await prisma.organization.create({ data: { id: orgId, name: `Org ${slug}`, slug, createdAt: new Date("2025-12-01T00:00:00Z") } });
  const clusterId = newId("cluster");
  await prisma.cluster.create({ data: { id: clusterId, orgId, name: "main", region: "local", plan, spuCount: 1, partitionsLimit: 10 } });
  return { orgId, clusterId };
}

/** Adds to one hour's usage, as the collector does. */
export async function addUsage(prisma: PrismaClient, orgId: string, clusterId: string, dimension: string, hour: string, quantity: string): Promise<void> {
  const key = { orgId, clusterId, dimension, hourStart: new Date(hour) };
  await prisma.usageHour.upsert({
    where: { orgId_clusterId_dimension_hourStart: key },
    create: { ...key, quantity: new Prisma.Decimal(quantity) },
    update: { quantity: { increment: new Prisma.Decimal(quantity) } },
  });
}

/**
 * A month of pro usage with known prices (list prices of @freshet/billing-store): 40 GiB in (10 free,
 * 30 × 6¢ = 180), 25 GiB out (15 × 8¢ = 120), 1000 partition-hours (× 0.15¢ = 150), 730 SPU-hours
 * (× 4¢ = 2920): 3370 cents.
 */
export const KNOWN_MONTH_TOTAL = 3370;
export async function knownMonthOfUsage(prisma: PrismaClient, orgId: string, clusterId: string, month: string): Promise<void> {
  await addUsage(prisma, orgId, clusterId, "ingress_gib", `${month}-03T10:00:00Z`, "40");
  await addUsage(prisma, orgId, clusterId, "egress_gib", `${month}-04T10:00:00Z`, "25");
  await addUsage(prisma, orgId, clusterId, "partition_hours", `${month}-05T00:00:00Z`, "1000");
  await addUsage(prisma, orgId, clusterId, "spu_hours", `${month}-06T00:00:00Z`, "730");
}

/** The white-glove onboarding credit, inserted as the staff approval writes it. */
export async function onboardingCredit(prisma: PrismaClient, orgId: string, effectiveAt: string): Promise<string> {
  const id = newId("creditGrant");
  await prisma.creditGrant.create({
    data: { id, orgId, kind: "onboarding", category: "promotional", amountMinor: 75_000, priority: 10, effectiveAt: new Date(effectiveAt), scope: [], onceKey: `${orgId}:onboarding` },
  });
  return id;
}
