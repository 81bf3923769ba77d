import { usageRowSchema, type Interval, type UsageRow } from "@freshet/billing/usage";
import { err, ok, type Result } from "@freshet/billing/money";
import type { PrismaClient } from "@freshet/db/client";

/** The organization's hourly usage rows in `period`, as rating reads them (the org is the account). */
export async function loadUsageRows(prisma: PrismaClient, orgId: string, period: Interval): Promise<Result<UsageRow[]>> {
  const stored = await prisma.usageHour.findMany({
    where: { orgId, hourStart: { gte: new Date(period.start), lt: new Date(period.end) } },
    orderBy: [{ hourStart: "asc" }, { clusterId: "asc" }, { dimension: "asc" }],
  });
  const rows: UsageRow[] = [];
  for (const row of stored) {
    const parsed = usageRowSchema.safeParse({ accountId: orgId, clusterId: row.clusterId, dimension: row.dimension, hourStart: row.hourStart.toISOString(), quantity: row.quantity.toFixed() });
    if (!parsed.success) return err(`Usage of cluster ${row.clusterId} at ${row.hourStart.toISOString()} is not valid: ${parsed.error.issues[0]?.message ?? "unreadable"}.`);
    rows.push(parsed.data);
  }
  return ok(rows);
}

/** The plan each of the organization's clusters is on (deleted clusters included: their usage still bills). */
export async function planOfClusters(prisma: PrismaClient, orgId: string): Promise<Map<string, string>> {
  const clusters = await prisma.cluster.findMany({ where: { orgId }, select: { id: true, plan: true } });
  return new Map(clusters.map((cluster) => [cluster.id, cluster.plan]));
}
