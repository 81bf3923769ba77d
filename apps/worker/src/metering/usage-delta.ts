import { createHash } from "node:crypto";
import { Decimal } from "@freshet/billing/money";
import { HOUR_MS, type Dimension } from "@freshet/billing/usage";
import { INCARNATION_SERIES, METERED, type SpuReading } from "./metered-series.js";

/** The last value the collector took of a series of one SPU incarnation, and when. */
export interface Cursor {
  readonly series: string;
  readonly value: Decimal;
  /** Epoch milliseconds. */
  readonly readAt: number;
}

/** A usage event to insert; its id is a function of what it covers, so inserting it twice is a no-op. */
export interface UsageEventDraft {
  readonly eventId: string;
  readonly dimension: Dimension;
  readonly quantity: Decimal;
  /** Epoch milliseconds; its UTC hour is the hour the usage is billed in. */
  readonly eventTime: number;
}

/** A counter that went down within one incarnation: not billed, the cursor stays (logged by the caller). */
export interface Regression {
  readonly series: string;
  readonly cursor: Decimal;
  readonly reading: Decimal;
}

export type ReadingDelta =
  | { readonly stale: false; readonly events: UsageEventDraft[]; readonly cursors: Cursor[]; readonly regressions: Regression[] }
  /** The reading is not newer than the last one applied (another collector got there first). */
  | { readonly stale: true };

/** Deterministic event id: the same coverage of the same series always gets the same id. */
export function eventId(parts: readonly (string | number)[]): string {
  return `mtr_${createHash("sha256").update(JSON.stringify(parts)).digest("hex")}`;
}

/** [from, to) cut at UTC hour boundaries. */
export function hourPieces(from: number, to: number): { start: number; end: number }[] {
  const pieces = [];
  for (let start = from; start < to;) {
    const end = Math.min(to, (Math.floor(start / HOUR_MS) + 1) * HOUR_MS);
    pieces.push({ start, end });
    start = end;
  }
  return pieces;
}

/**
 * What one reading of an SPU incarnation adds, given its cursors (absent: never read).
 *
 * Counters: the increase since the cursor, from 0 for a series never read (a new incarnation's
 * series start at 0, and so does a series an incarnation makes later). A decrease within an
 * incarnation is reported and not billed; the cursor keeps the higher value so the same bytes are
 * not billed again once the counter passes it. The event id names the value ranges it covers.
 *
 * Gauges: the trapezoid of the previous and this value over the time between the two readings,
 * only for series present in both (a partition this SPU started leading since is integrated from
 * now on; another SPU led it before). The first reading of an incarnation bills no time: up to
 * one collection interval per process start goes unbilled, in the customer's favour. A long gap
 * (the collector or the scrape was down) is not capped: the same incarnation in both readings
 * proves the process ran throughout. It is split at UTC hours, so every hour gets its own share
 * and a late reading never puts a day of SPU hours into one hour.
 */
export function meterReading(clusterId: string, reading: SpuReading, cursors: ReadonlyMap<string, Cursor>): ReadingDelta {
  const { spuId, incarnation, readAt } = reading;
  const previousReadAt = cursors.get(INCARNATION_SERIES)?.readAt;
  if (previousReadAt !== undefined && readAt <= previousReadAt) return { stale: true };
  const moved: Cursor[] = [];
  const regressions: Regression[] = [];
  // One event per dimension (and hour piece) of the reading, not per series: a partition count
  // must not multiply the ledger's rows. Its id covers every series' contribution.
  const counted = new Map<Dimension, { quantity: Decimal; unit: Decimal; covers: string[] }>();
  // Every gauge series integrated spans the same interval: sum their means, then cut it in hours.
  const means = new Map<Dimension, Decimal>();
  for (const { series, metric, value } of reading.series) {
    const { dimension, kind, unit } = METERED[metric];
    const cursor = cursors.get(series);
    if (kind === "counter") {
      const from = cursor?.value ?? new Decimal(0);
      if (value.lt(from)) {
        regressions.push({ series, cursor: from, reading: value });
        continue;
      }
      if (value.eq(from)) continue;
      const sum = counted.get(dimension) ?? { quantity: new Decimal(0), unit, covers: [] };
      // Summed in the metric's unit and divided once: bytes / 2^30 stays exact.
      counted.set(dimension, { quantity: sum.quantity.plus(value.minus(from)), unit, covers: [...sum.covers, JSON.stringify([series, from.toFixed(), value.toFixed()])] });
      moved.push({ series, value, readAt });
      continue;
    }
    if (cursor !== undefined && previousReadAt !== undefined && cursor.readAt === previousReadAt) {
      means.set(dimension, (means.get(dimension) ?? new Decimal(0)).plus(cursor.value.plus(value).div(2).div(unit)));
    }
    moved.push({ series, value, readAt });
  }
  const events: UsageEventDraft[] = [...counted].map(([dimension, { quantity, unit, covers }]) => ({
    eventId: eventId([clusterId, spuId, incarnation, dimension, ...covers.sort()]),
    dimension,
    quantity: quantity.div(unit),
    eventTime: readAt,
  }));
  for (const [dimension, mean] of means) {
    if (mean.isZero() || previousReadAt === undefined) continue;
    for (const piece of hourPieces(previousReadAt, readAt)) {
      events.push({
        eventId: eventId([clusterId, spuId, incarnation, dimension, piece.start, piece.end]),
        dimension,
        quantity: mean.times(piece.end - piece.start).div(HOUR_MS),
        eventTime: piece.start,
      });
    }
  }
  return { stale: false, events, cursors: moved, regressions };
}
