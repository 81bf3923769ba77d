import { Decimal } from "@freshet/billing/money";
import { describe, expect, it } from "vitest";
import { INCARNATION_SERIES, type SeriesValue, type SpuReading } from "./metered-series.js";
import { hourPieces, meterReading, type Cursor, type ReadingDelta } from "./usage-delta.js";

const T0 = Date.parse("2026-12-07T10:58:00Z");
const MINUTE = 60_000;
const PRODUCED = 'freshet_partition_produced_bytes_total{partition="0",topic="orders"}';
const STORAGE = 'freshet_partition_storage_bytes{partition="0",topic="orders"}';

function reading(readAt: number, values: Partial<Record<"produced" | "storage" | "led", number>>, incarnation = "inc-1"): SpuReading {
  const series: SeriesValue[] = [{ series: INCARNATION_SERIES, metric: "freshet_process_incarnation_info", value: new Decimal(1) }];
  if (values.produced !== undefined) series.push({ series: PRODUCED, metric: "freshet_partition_produced_bytes_total", value: new Decimal(values.produced) });
  if (values.storage !== undefined) series.push({ series: STORAGE, metric: "freshet_partition_storage_bytes", value: new Decimal(values.storage) });
  if (values.led !== undefined) series.push({ series: "freshet_partitions_led", metric: "freshet_partitions_led", value: new Decimal(values.led) });
  return { spuId: 0, incarnation, readAt, series };
}

function applied(delta: ReadingDelta): Exclude<ReadingDelta, { stale: true }> {
  if (delta.stale) throw new Error("stale");
  return delta;
}

/** The cursors after applying `delta` on top of `cursors`. */
function moveCursors(cursors: ReadonlyMap<string, Cursor>, delta: ReadingDelta): Map<string, Cursor> {
  const next = new Map(cursors);
  for (const cursor of applied(delta).cursors) next.set(cursor.series, cursor);
  return next;
}

const byDimension = (delta: ReadingDelta) => {
  const totals: Record<string, string> = {};
  for (const event of applied(delta).events) totals[event.dimension] = new Decimal(totals[event.dimension] ?? 0).plus(event.quantity).toFixed();
  return totals;
};

describe("meterReading", () => {
  it("bills a counter from 0 on the first reading, then only its increase, in exact GiB at the reading's time", () => {
    const first = meterReading("clu_a", reading(T0, { produced: 1_536 }), new Map());
    expect(applied(first).events).toEqual([{ eventId: expect.stringMatching(/^mtr_[0-9a-f]{64}$/), dimension: "ingress_gib", quantity: new Decimal(1_536).div(2 ** 30), eventTime: T0 }]);
    expect(byDimension(first)).toEqual({ ingress_gib: "0.000001430511474609375" });
    const cursors = moveCursors(new Map(), first);
    const second = meterReading("clu_a", reading(T0 + MINUTE, { produced: 2 ** 30 + 1_536 }), cursors);
    expect(byDimension(second)).toEqual({ ingress_gib: "1", spu_hours: expect.any(String) });
    // The same value range of the same series always gets the same id; a replay inserts nothing new.
    expect(meterReading("clu_a", reading(T0, { produced: 1_536 }), new Map())).toEqual(first);
    expect(applied(meterReading("clu_b", reading(T0, { produced: 1_536 }), new Map())).events[0]!.eventId).not.toBe(applied(first).events[0]!.eventId);
  });

  it("bills nothing for an unchanged counter, and ignores one that went down without moving its cursor", () => {
    const cursors = moveCursors(new Map(), meterReading("clu_a", reading(T0, { produced: 5_000 }), new Map()));
    expect(applied(meterReading("clu_a", reading(T0 + MINUTE, { produced: 5_000 }), cursors)).events.filter((e) => e.dimension === "ingress_gib")).toEqual([]);
    const down = applied(meterReading("clu_a", reading(T0 + MINUTE, { produced: 4_000 }), cursors));
    expect(down.regressions).toEqual([{ series: PRODUCED, cursor: new Decimal(5_000), reading: new Decimal(4_000) }]);
    expect(down.cursors.map((c) => c.series)).not.toContain(PRODUCED);
    expect(down.events.filter((e) => e.dimension === "ingress_gib")).toEqual([]);
  });

  it("integrates gauges between two readings (trapezoid) and bills no time on an incarnation's first reading", () => {
    const first = applied(meterReading("clu_a", reading(T0, { storage: 2 ** 30, led: 2 }), new Map()));
    expect(first.events).toEqual([]);
    const second = meterReading("clu_a", reading(T0 + 30 * MINUTE, { storage: 3 * 2 ** 30, led: 2 }), moveCursors(new Map(), first));
    // Half an hour at a mean of 2 GiB, 2 partitions and 1 SPU; split at 11:00.
    expect(byDimension(second)).toEqual({ storage_gib_hours: "1", partition_hours: "1", spu_hours: "0.5" });
    expect(
      applied(second)
        .events.filter((e) => e.dimension === "spu_hours")
        .map((e) => [new Date(e.eventTime).toISOString(), e.quantity.toFixed()]),
    ).toEqual([
      ["2026-12-07T10:58:00.000Z", new Decimal(2).div(60).toFixed()],
      ["2026-12-07T11:00:00.000Z", new Decimal(28).div(60).toFixed()],
    ]);
  });

  it("makes one event per dimension and hour for all of an SPU's partitions", () => {
    const two = (readAt: number, storage: number): SpuReading => ({
      ...reading(readAt, { produced: storage, storage }),
      series: [
        ...reading(readAt, { produced: storage, storage }).series,
        { series: STORAGE.replace('"0"', '"1"'), metric: "freshet_partition_storage_bytes", value: new Decimal(storage) },
        { series: PRODUCED.replace('"0"', '"1"'), metric: "freshet_partition_produced_bytes_total", value: new Decimal(storage) },
      ],
    });
    const first = applied(meterReading("clu_a", two(T0, 2 ** 29), new Map()));
    expect(first.events.map((e) => [e.dimension, e.quantity.toFixed()])).toEqual([["ingress_gib", "1"]]);
    const second = applied(meterReading("clu_a", two(T0 + 60 * MINUTE, 2 ** 29), moveCursors(new Map(), first)));
    expect(second.events.map((e) => [e.dimension, new Date(e.eventTime).toISOString(), e.quantity.toFixed()]).sort()).toEqual([
      ["spu_hours", "2026-12-07T10:58:00.000Z", new Decimal(2).div(60).toFixed()],
      ["spu_hours", "2026-12-07T11:00:00.000Z", new Decimal(58).div(60).toFixed()],
      ["storage_gib_hours", "2026-12-07T10:58:00.000Z", new Decimal(2).div(60).toFixed()],
      ["storage_gib_hours", "2026-12-07T11:00:00.000Z", new Decimal(58).div(60).toFixed()],
    ]);
  });

  it("integrates a gauge only if the previous reading had it too (another SPU led the partition before)", () => {
    const cursors = moveCursors(new Map(), meterReading("clu_a", reading(T0, { storage: 100 }), new Map()));
    const without = moveCursors(cursors, meterReading("clu_a", reading(T0 + MINUTE, {}), cursors));
    const back = meterReading("clu_a", reading(T0 + 2 * MINUTE, { storage: 100 }), without);
    expect(byDimension(back)).toEqual({ spu_hours: new Decimal(1).div(60).toFixed() });
  });

  it("covers a long gap whole, one event per UTC hour, and drops a reading not newer than the last", () => {
    const cursors = moveCursors(new Map(), meterReading("clu_a", reading(T0, {}), new Map()));
    const late = applied(meterReading("clu_a", reading(T0 + 3 * 60 * MINUTE, {}), cursors));
    expect(late.events.map((e) => e.quantity.toFixed())).toEqual([new Decimal(2).div(60).toFixed(), "1", "1", new Decimal(58).div(60).toFixed()]);
    expect(new Set(late.events.map((e) => e.eventId)).size).toBe(4);
    expect(meterReading("clu_a", reading(T0, {}), cursors)).toEqual({ stale: true });
  });
});

describe("hourPieces", () => {
  it("cuts an interval at UTC hours", () => {
    expect(hourPieces(T0, T0 + 2 * MINUTE)).toEqual([{ start: T0, end: T0 + 2 * MINUTE }]);
    expect(hourPieces(T0, T0 + 63 * MINUTE).map(({ start, end }) => (end - start) / MINUTE)).toEqual([2, 60, 1]);
    expect(hourPieces(T0, T0)).toEqual([]);
  });
});
