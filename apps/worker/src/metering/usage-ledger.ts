import { Decimal } from "@freshet/billing/money";
import { HOUR_MS } from "@freshet/billing/usage";
import type { PrismaClient } from "@freshet/db/client";
import type { Logger } from "pino";
import type { SpuReading } from "./metered-series.js";
import { meterReading, type Cursor, type UsageEventDraft } from "./usage-delta.js";

export interface MeteredCluster {
  readonly id: string;
  readonly orgId: string;
}

export interface LedgerOutcome {
  /** Events inserted now (a replay of an event already stored inserts none). */
  readonly inserted: number;
  /** Readings dropped as not newer than the last applied one. */
  readonly stale: number;
}

// Interactive transactions default to 5 s; a cluster with many partitions writes many cursors.
const TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * Applies one scrape of a cluster's SPUs in one transaction: usage events for what changed
 * since the cursors, the hourly totals of the events that were new, and the moved cursors.
 * Either all of it lands or none, and a per-cluster advisory lock makes two collectors (two
 * workers) take turns, the later one seeing the cursors the first moved. Event ids are
 * deterministic and only inserted events reach UsageHour, so even a replay of the same
 * readings against old cursors adds nothing.
 *
 * Prisma's own Decimal rounds to 20 significant digits, too few for bytes / 2^30; quantities are
 * computed with @freshet/billing's Decimal and handed to Prisma as decimal strings.
 */
export async function applyReadings(prisma: PrismaClient, cluster: MeteredCluster, readings: readonly SpuReading[], logger: Logger): Promise<LedgerOutcome> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`meter:${cluster.id}`}, 0))`;
      const stored = await tx.meterCursor.findMany({ where: { clusterId: cluster.id, OR: readings.map(({ spuId, incarnation }) => ({ spuId, incarnation })) } });
      const events: UsageEventDraft[] = [];
      const moves: (Cursor & { spuId: number; incarnation: string })[] = [];
      let stale = 0;
      for (const reading of readings) {
        const cursors = new Map<string, Cursor>();
        for (const row of stored) {
          if (row.spuId === reading.spuId && row.incarnation === reading.incarnation)
            cursors.set(row.series, { series: row.series, value: new Decimal(row.value.toFixed()), readAt: row.readAt.getTime() });
        }
        const delta = meterReading(cluster.id, reading, cursors);
        if (delta.stale) {
          stale += 1;
          continue;
        }
        for (const regression of delta.regressions) {
          logger.warn(
            { clusterId: cluster.id, spuId: reading.spuId, incarnation: reading.incarnation, series: regression.series, cursor: regression.cursor.toFixed(), reading: regression.reading.toFixed() },
            "usage counter went down within an incarnation; ignored",
          );
        }
        events.push(...delta.events);
        moves.push(...delta.cursors.map((cursor) => ({ ...cursor, spuId: reading.spuId, incarnation: reading.incarnation })));
        // An SPU's earlier process is gone for good: its cursors can never be read again.
        await tx.meterCursor.deleteMany({ where: { clusterId: cluster.id, spuId: reading.spuId, incarnation: { not: reading.incarnation } } });
      }
      const inserted = await tx.usageEvent.createManyAndReturn({
        data: events.map((event) => ({
          orgId: cluster.orgId,
          clusterId: cluster.id,
          eventId: event.eventId,
          dimension: event.dimension,
          quantity: event.quantity.toFixed(),
          eventTime: new Date(event.eventTime),
        })),
        skipDuplicates: true,
        select: { dimension: true, quantity: true, eventTime: true },
      });
      const hours = new Map<string, { dimension: string; hourStart: Date; quantity: Decimal }>();
      for (const event of inserted) {
        const hourStart = new Date(Math.floor(event.eventTime.getTime() / HOUR_MS) * HOUR_MS);
        const key = `${event.dimension} ${hourStart.getTime()}`;
        const hour = hours.get(key) ?? { dimension: event.dimension, hourStart, quantity: new Decimal(0) };
        hours.set(key, { ...hour, quantity: hour.quantity.plus(event.quantity.toFixed()) });
      }
      for (const { dimension, hourStart, quantity } of hours.values()) {
        const id = { orgId: cluster.orgId, clusterId: cluster.id, dimension, hourStart };
        await tx.usageHour.upsert({ where: { orgId_clusterId_dimension_hourStart: id }, create: { ...id, quantity: quantity.toFixed() }, update: { quantity: { increment: quantity.toFixed() } } });
      }
      for (const { spuId, incarnation, series, value, readAt } of moves) {
        const id = { clusterId: cluster.id, spuId, incarnation, series };
        await tx.meterCursor.upsert({
          where: { clusterId_spuId_incarnation_series: id },
          create: { ...id, value: value.toFixed(), readAt: new Date(readAt) },
          update: { value: value.toFixed(), readAt: new Date(readAt) },
        });
      }
      return { inserted: inserted.length, stale };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS },
  );
}
