import { Decimal, sum } from "@freshet/billing/money";
import { DIMENSION_UNITS, DIMENSIONS, type Dimension, type Interval } from "@freshet/billing/usage";
import type { PrismaClient } from "@freshet/db/client";

export interface MonthUsage {
  readonly totals: Array<{ dimension: Dimension; unit: string; quantity: string }>;
  /** One entry per UTC day of the month up to the last day with usage, every dimension present (zero when idle). */
  readonly daily: Array<{ day: string; quantities: Record<Dimension, string> }>;
}

/** What the organization used in `period`, from the hourly rows rating reads, as exact decimals. */
export async function monthUsage(prisma: PrismaClient, orgId: string, period: Interval): Promise<MonthUsage> {
  const rows = await prisma.usageHour.findMany({ where: { orgId, hourStart: { gte: new Date(period.start), lt: new Date(period.end) } }, orderBy: { hourStart: "asc" } });
  const byDay = new Map<string, Map<Dimension, Decimal[]>>();
  const byDimension = new Map<Dimension, Decimal[]>();
  for (const row of rows) {
    const dimension = row.dimension as Dimension;
    if (!DIMENSIONS.includes(dimension)) continue;
    const day = row.hourStart.toISOString().slice(0, 10);
    const quantity = new Decimal(row.quantity.toFixed());
    const ofDay = byDay.get(day) ?? new Map<Dimension, Decimal[]>();
    ofDay.set(dimension, [...(ofDay.get(dimension) ?? []), quantity]);
    byDay.set(day, ofDay);
    byDimension.set(dimension, [...(byDimension.get(dimension) ?? []), quantity]);
  }
  const lastDay = rows.length === 0 ? null : rows[rows.length - 1]!.hourStart.getTime();
  const daily: Array<{ day: string; quantities: Record<Dimension, string> }> = [];
  for (let day = period.start; lastDay !== null && day <= lastDay; day += 86_400_000) {
    const key = new Date(day).toISOString().slice(0, 10);
    const ofDay = byDay.get(key);
    const quantities = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, sum(ofDay?.get(dimension) ?? []).toFixed()])) as Record<Dimension, string>;
    daily.push({ day: key, quantities });
  }
  const totals = DIMENSIONS.map((dimension) => ({ dimension, unit: DIMENSION_UNITS[dimension], quantity: sum(byDimension.get(dimension) ?? []).toFixed() }));
  return { totals, daily };
}
