import { describe, expect, it } from "vitest";
import { chartByKey, mergeRows, numericFields, rankMovers, sortedRows, stockMeasures, stockSeries, type ViewRow } from "./view-rows";

function stock(key: string, step: number, orders: number, delta: number, correlation: number | null = null): ViewRow {
  const windowStart = step * 60_000;
  return {
    view: "product-stock",
    key,
    windowStart,
    windowEnd: windowStart + 60_000,
    value: { key, windowStart, windowEnd: windowStart + 60_000, orders: { value: orders, delta, movingAverage: orders }, reviews: { value: 1, delta: 0, movingAverage: 1 }, correlation },
    closed: true,
  };
}

describe("view rows", () => {
  it("keeps the latest row per key and window, sorted by key then window", () => {
    const first = mergeRows(new Map(), [stock("pear", 1, 1, 1), stock("apple", 1, 2, 2), stock("apple", 0, 1, 1)]);
    const updated = mergeRows(first, [stock("apple", 1, 7, 6)]);
    expect(sortedRows(updated).map((r) => [r.key, r.windowStart, (r.value.orders as { value: number }).value])).toEqual([
      ["apple", 0, 1],
      ["apple", 60_000, 7],
      ["pear", 60_000, 1],
    ]);
    expect(first.size).toBe(3);
  });

  it("charts a numeric field per key over window starts, a missing window a gap", () => {
    const rows: ViewRow[] = [
      { view: "v", key: "a", windowStart: 0, windowEnd: 10, value: { bids: 3, avg: 1.5, label: "x" }, closed: true },
      { view: "v", key: "b", windowStart: 10, windowEnd: 20, value: { bids: 4 }, closed: false },
    ];
    expect(numericFields(rows)).toEqual(["bids", "avg"]);
    expect(chartByKey(rows, "bids", ["a", "b"])).toEqual([
      { t: 0, a: 3 },
      { t: 10, b: 4 },
    ]);
  });

  it("reads stock rows: measures, one entity's series with deltas and correlation, movers ranked by latest delta", () => {
    const rows = [stock("apple", 0, 3, 3), stock("apple", 1, 5, 2, 0.5), stock("pear", 0, 1, 1), stock("pear", 1, 9, 8, -0.25), stock("fig", 1, 2, -1)];
    expect(stockMeasures(rows)).toEqual(["orders", "reviews"]);
    expect(stockSeries(rows, "apple", ["orders"])).toEqual([
      { t: 0, orders: 3, ordersDelta: 3, correlation: null },
      { t: 60_000, orders: 5, ordersDelta: 2, correlation: 0.5 },
    ]);
    expect(rankMovers(rows, "orders").map((m) => [m.key, m.value, m.delta, m.correlation])).toEqual([
      ["pear", 9, 8, -0.25],
      ["apple", 5, 2, 0.5],
      ["fig", 2, -1, null],
    ]);
  });
});
