import { describe, expect, it } from "vitest";
import { compileDataflow } from "../graph/index.js";
import { jsonRecord, specOf } from "../graph/test-support/records.js";

/** Runs records (value objects with `t`, on partition 0 in order) through a one-source document. */
async function run(operators: Record<string, unknown>, sinkFrom: string, values: Record<string, unknown>[], source: Record<string, unknown> = {}) {
  const graph = compileDataflow(specOf({ sources: { s: { topic: "s", key: "k", eventTime: "t", ...source } }, operators, sinks: { out: { from: sinkFrom, topic: "o" } } }));
  await graph.process(values.map((v, i) => jsonRecord("s", 0, i, v)));
  return { outputs: graph.drain().outputs, stats: graph.stats(), graph };
}

describe("operators", () => {
  it("flatMap numbers the elements of each record", async () => {
    const { outputs } = await run({ f: { from: "s", flatMap: "items" } }, "f", [
      { k: "a", t: 1, items: [10, 20] },
      { k: "b", t: 2, items: [] },
      { k: "c", t: 3, items: [30] },
    ]);
    expect(outputs.map((o) => [o.id, o.value, o.key])).toEqual([
      ["s:0:0:0", 10, "a"],
      ["s:0:0:1", 20, "a"],
      ["s:0:2:0", 30, "c"],
    ]);
  });

  it("aggregates min, max, avg, countDistinct, a counted predicate and a percentile", async () => {
    const values = Array.from({ length: 100 }, (_, i) => ({ k: "a", t: i, v: i + 1, color: ["red", "blue", "green"][i % 3] }));
    const fields = { lo: { min: "v" }, hi: { max: "v" }, mean: { avg: "v" }, colors: { countDistinct: "color" }, reds: { count: "color == 'red'" }, p90: { percentile: { of: "v", p: 0.9 } } };
    const { outputs } = await run({ c: { from: "s", aggregate: { window: { tumbling: { size: 1000 } }, fields } } }, "c", [...values, { k: "z", t: 5000 }]);
    const row = outputs[0]!.value as Record<string, number>;
    expect({ ...row, p90: undefined }).toEqual({ key: "a", windowStart: 0, windowEnd: 1000, lo: 1, hi: 100, mean: 50.5, colors: 3, reds: 34, p90: undefined });
    expect(Math.abs(row.p90! - 90.1) / 90.1).toBeLessThanOrEqual(0.02);
  });

  it("closes session windows per key after the gap", async () => {
    const { outputs } = await run({ c: { from: "s", aggregate: { window: { session: { gap: 10 } }, fields: { n: { count: true } } } } }, "c", [
      { k: "a", t: 0 },
      { k: "a", t: 5 },
      { k: "b", t: 6 },
      { k: "a", t: 30 },
      { k: "a", t: 100 },
    ]);
    expect(outputs.map((o) => [o.id, o.value])).toEqual([
      ["c:a:0", { key: "a", windowStart: 0, windowEnd: 15, n: 2 }],
      ["c:b:6", { key: "b", windowStart: 6, windowEnd: 16, n: 1 }],
      ["c:a:30", { key: "a", windowStart: 30, windowEnd: 40, n: 1 }],
    ]);
  });

  it("keeps updating a window within allowedLateness and counts what comes after", async () => {
    const { outputs, stats } = await run({ c: { from: "s", aggregate: { window: { tumbling: { size: 10 } }, allowedLateness: 5, fields: { n: { count: true } } } } }, "c", [
      { k: "a", t: 1 },
      { k: "a", t: 12 },
      { k: "a", t: 3 },
      { k: "a", t: 15 },
      { k: "a", t: 4 },
    ]);
    expect(outputs.map((o) => [o.id, (o.value as { n: number }).n])).toEqual([["c:a:0", 2]]);
    expect(stats.find((s) => s.id === "c")!.lateDropped).toBe(1);
  });

  it("ranks an aggregate's rows per window (Top-N)", async () => {
    const values = [
      { k: "x", t: 1 },
      { k: "y", t: 2 },
      { k: "y", t: 3 },
      { k: "z", t: 4 },
      { k: "z", t: 5 },
      { k: "w", t: 6 },
      { k: "w", t: 7 },
      { k: "x", t: 25 },
    ];
    const { outputs } = await run({ c: { from: "s", aggregate: { window: { tumbling: { size: 10 } }, fields: { n: { count: true } } } }, top: { from: "c", topN: { n: 2, by: "n" } } }, "top", values);
    expect(outputs.map((o) => [o.id, o.key, o.value])).toEqual([
      ["top:0:1", "w", { key: "w", windowStart: 0, windowEnd: 10, n: 2, rank: 1 }],
      ["top:0:2", "y", { key: "y", windowStart: 0, windowEnd: 10, n: 2, rank: 2 }],
    ]);
  });

  it("ranks raw records in its own hopping window (Top-N with window)", async () => {
    const values = [
      { k: "a", t: 1, price: 5 },
      { k: "b", t: 6, price: 9 },
      { k: "c", t: 11, price: 7 },
      { k: "d", t: 40, price: 1 },
    ];
    const { outputs } = await run({ top: { from: "s", topN: { n: 1, by: "price", order: "asc", window: { hopping: { size: 10, slide: 5 } } } } }, "top", values);
    expect(outputs.map((o) => [o.id, (o.value as { price: number }).price])).toEqual([
      ["top:-5:1", 5],
      ["top:0:1", 5],
      ["top:5:1", 7],
      ["top:10:1", 7],
    ]);
  });

  it("looks records up in a table source (inner and left)", async () => {
    const spec = (type: string) =>
      specOf({
        sources: { bids: { topic: "bids", key: "auction", eventTime: "t" }, auctions: { topic: "auctions", key: "id" } },
        operators: { j: { from: "bids", lookup: { table: "auctions", as: "item", type } } },
        sinks: { out: { from: "j", topic: "o" } },
      });
    for (const type of ["inner", "left"]) {
      const graph = compileDataflow(spec(type));
      await graph.process([
        jsonRecord("auctions", 0, 0, { id: 1, name: "old" }),
        jsonRecord("auctions", 0, 1, { id: 1, name: "lamp" }),
        jsonRecord("bids", 0, 0, { auction: 1, t: 1 }),
        jsonRecord("bids", 0, 1, { auction: 2, t: 2 }),
        { source: "auctions", partition: 0, offset: 2n, key: null, value: null, timestamp: 0 },
      ]);
      const { outputs } = graph.drain();
      expect(outputs.map((o) => o.value)).toEqual([{ auction: 1, t: 1, item: { id: 1, name: "lamp" } }, ...(type === "left" ? [{ auction: 2, t: 2, item: null }] : [])]);
    }
  });

  it("joins two streams on the key within an interval and evicts by watermark", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { a: { topic: "a", key: "k", eventTime: "t" }, b: { topic: "b", key: "k", eventTime: "t" } },
        operators: { j: { from: "a", intervalJoin: { right: "b", within: { before: 2, after: 5 }, as: { left: "view", right: "buy" } } } },
        sinks: { out: { from: "j", topic: "o" } },
      }),
    );
    await graph.process([
      jsonRecord("a", 0, 0, { k: "u", t: 10 }),
      jsonRecord("b", 0, 0, { k: "u", t: 9 }),
      jsonRecord("b", 0, 1, { k: "u", t: 15 }),
      jsonRecord("b", 0, 2, { k: "u", t: 16 }),
      jsonRecord("b", 0, 3, { k: "v", t: 12 }),
      jsonRecord("a", 0, 1, { k: "u", t: 30 }),
      jsonRecord("b", 0, 4, { k: "u", t: 31 }),
      jsonRecord("a", 0, 2, { k: "u", t: 11 }),
    ]);
    const { outputs } = graph.drain();
    expect(outputs.map((o) => [o.id, o.timestamp])).toEqual([
      ["j:a:0:0:0|b:0:0:0", 10],
      ["j:a:0:0:0|b:0:1:0", 15],
      ["j:a:0:1:0|b:0:4:0", 31],
    ]);
    expect(outputs[0]!.value).toEqual({ view: { k: "u", t: 10 }, buy: { k: "u", t: 9 } });
    const stats = graph.stats().find((s) => s.id === "j")!;
    expect(stats.lateDropped).toBe(1);
    expect(stats.stateEntries).toBeLessThan(4);
  });

  it("keeps a left record until no in-bound right record can match it", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { a: { topic: "a", key: "k", eventTime: "t" }, b: { topic: "b", key: "k", eventTime: "t" } },
        operators: { j: { from: "a", intervalJoin: { right: "b", within: { before: 5, after: 60 } } } },
        sinks: { out: { from: "j", topic: "o" } },
      }),
    );
    await graph.process([
      jsonRecord("a", 0, 0, { k: "u", t: 10 }),
      jsonRecord("b", 0, 0, { k: "u", t: 0 }),
      jsonRecord("b", 0, 1, { k: "u", t: 69 }),
      jsonRecord("a", 0, 1, { k: "x", t: 70 }),
      jsonRecord("b", 0, 2, { k: "u", t: 70 }),
      jsonRecord("b", 0, 3, { k: "x", t: 200 }),
      jsonRecord("a", 0, 2, { k: "x", t: 200 }),
      jsonRecord("b", 0, 4, { k: "u", t: 205 }),
      jsonRecord("a", 0, 3, { k: "u", t: 210 }),
    ]);
    expect(graph.drain().outputs.map((o) => o.id)).toEqual(["j:a:0:0:0|b:0:1:0", "j:a:0:0:0|b:0:2:0", "j:a:0:2:0|b:0:3:0", "j:a:0:3:0|b:0:4:0"]);
  });

  it("keeps interval-join state bounded when one side is read far ahead of the other", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { a: { topic: "a", key: "k", eventTime: "t" }, b: { topic: "b", key: "k", eventTime: "t" } },
        operators: { j: { from: "a", intervalJoin: { right: "b", within: { before: 0, after: 5 } } } },
        sinks: { out: { from: "j", topic: "o" } },
      }),
    );
    // The left topic read to its end first: one record every 1,000 ms, the last far in the future.
    const left = Array.from({ length: 10 }, (_, i) => jsonRecord("a", 0, i, { k: `u${i.toString()}`, t: i * 1000 }));
    // Then the right topic catches up: 2,000 records over the first 2 s, one in each ms.
    const right = Array.from({ length: 2000 }, (_, i) => jsonRecord("b", 0, i, { k: `u${Math.floor(i / 1000).toString()}`, t: i }));
    await graph.process(left);
    await graph.process(right);
    const { outputs } = graph.drain();
    expect(outputs.map((o) => o.id)).toEqual([
      ...Array.from({ length: 6 }, (_, t) => `j:a:0:0:0|b:0:${t.toString()}:0`),
      ...Array.from({ length: 6 }, (_, t) => `j:a:0:1:0|b:0:${(1000 + t).toString()}:0`),
    ]);
    // Watermark 1999: the right records before it are gone, whatever sits ahead on the left.
    const stats = graph.stats().find((s) => s.id === "j")!;
    expect(stats.watermark).toBe(1999);
    expect(stats.stateEntries).toBeLessThanOrEqual(10);
  });

  it("interval-joins one hot key arriving out of order within the bound like a nested loop would", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { a: { topic: "a", key: "k", eventTime: "t", watermark: { maxOutOfOrder: 50 } }, b: { topic: "b", key: "k", eventTime: "t", watermark: { maxOutOfOrder: 50 } } },
        operators: { j: { from: "a", intervalJoin: { right: "b", within: { before: 3, after: 7 } } } },
        sinks: { out: { from: "j", topic: "o" } },
      }),
    );
    // Times shuffled within blocks of 40 ms (under the 50 ms bound): expired entries sit behind live ones per key.
    const times = (salt: number) => Array.from({ length: 4000 }, (_, i) => i - (i % 40) + ((i * 17 + salt) % 40));
    const lefts = times(3).map((t, i) => ({ t, i }));
    const rights = times(11).map((t, i) => ({ t, i }));
    const inputs = lefts.flatMap(({ t, i }) => [jsonRecord("a", 0, i, { k: "hot", t }), jsonRecord("b", 0, i, { k: "hot", t: rights[i]!.t })]);
    for (let i = 0; i < inputs.length; i += 500) await graph.process(inputs.slice(i, i + 500));
    const expected = lefts.flatMap((l) => rights.filter((r) => l.t - 3 <= r.t && r.t <= l.t + 7).map((r) => `j:a:0:${l.i.toString()}:0|b:0:${r.i.toString()}:0`));
    const { outputs } = graph.drain();
    expect(outputs.map((o) => o.id).sort()).toEqual(expected.sort());
    const stats = graph.stats().find((s) => s.id === "j")!;
    expect(stats.lateDropped).toBe(0);
    expect(stats.stateEntries).toBeLessThan(150);
  });

  it("drops duplicates of a key within the interval", async () => {
    const { outputs } = await run({ d: { from: "s", dedup: { within: 10 } } }, "d", [
      { k: "a", t: 0 },
      { k: "a", t: 5 },
      { k: "b", t: 6 },
      { k: "a", t: 12 },
      { k: "a", t: 13 },
    ]);
    expect(outputs.map((o) => o.id)).toEqual(["s:0:0:0", "s:0:2:0", "s:0:3:0"]);
  });

  it("reports an entity as a stock: value, delta, moving average and correlation per step", async () => {
    const steps = [
      [2, 1],
      [4, 2],
      [0, 0],
      [6, 3],
    ];
    const values = steps.flatMap(([views, buys], step) => [
      ...Array.from({ length: views! }, () => ({ k: "p", t: step * 10, kind: "view" })),
      ...Array.from({ length: buys! }, () => ({ k: "p", t: step * 10 + 1, kind: "buy", amount: 2 })),
    ]);
    const stock = { step: 10, measures: { views: { count: "kind == 'view'" }, spend: { sum: "kind == 'buy' ? amount : 0" } }, movingAverage: 2, correlate: ["views", "spend"], correlationSteps: 3 };
    const { outputs } = await run({ st: { from: "s", stock } }, "st", [...values, { k: "q", t: 100, kind: "x", amount: 0 }]);
    const rows = outputs.filter((o) => o.key === "p").map((o) => o.value as Record<string, unknown>);
    expect(rows.map((r) => r.windowStart)).toEqual([0, 10, 30]);
    expect(rows[0]).toEqual({ key: "p", windowStart: 0, windowEnd: 10, views: { value: 2, delta: 2, movingAverage: 2 }, spend: { value: 2, delta: 2, movingAverage: 2 }, correlation: null });
    expect(rows[1]).toMatchObject({ views: { value: 4, delta: 2, movingAverage: 3 }, spend: { value: 4, delta: 2, movingAverage: 3 }, correlation: 1 });
    expect(rows[2]).toMatchObject({ views: { value: 6, delta: 6, movingAverage: 3 }, spend: { value: 6, delta: 6, movingAverage: 3 } });
    expect(rows[2]!.correlation).toBeCloseTo(1, 10);
    expect(outputs[0]!.id).toBe("st:p:0");
  });

  it("gives a stock view partial rows for the open step", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { s: { topic: "s", key: "k", eventTime: "t" } },
        operators: { st: { from: "s", stock: { step: 10, measures: { n: { count: true } }, movingAverage: 2 } } },
        sinks: { view: { from: "st", view: {} } },
      }),
    );
    await graph.process([jsonRecord("s", 0, 0, { k: "p", t: 1 }), jsonRecord("s", 0, 1, { k: "p", t: 2 })]);
    expect(graph.drain().views).toEqual([
      { view: "view", key: "p", windowStart: 0, windowEnd: 10, value: { key: "p", windowStart: 0, windowEnd: 10, n: { value: 2, delta: 2, movingAverage: 2 }, correlation: null }, closed: false },
    ]);
    await graph.process([jsonRecord("s", 0, 2, { k: "p", t: 15 })]);
    expect(graph.drain().views.map((r) => [r.windowStart, r.closed, r.value.n])).toEqual([
      [0, true, { value: 2, delta: 2, movingAverage: 2 }],
      [10, false, { value: 1, delta: -1, movingAverage: 1.5 }],
    ]);
  });

  it("merges several inputs and waits for the slower one's watermark", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { a: { topic: "a", key: "k", eventTime: "t" }, b: { topic: "b", key: "k", eventTime: "t" } },
        operators: { c: { from: ["a", "b"], aggregate: { window: { tumbling: { size: 10 } }, fields: { n: { count: true } } } } },
        sinks: { out: { from: "c", topic: "o" } },
      }),
    );
    await graph.process([jsonRecord("a", 0, 0, { k: "x", t: 1 }), jsonRecord("a", 0, 1, { k: "x", t: 50 }), jsonRecord("b", 0, 0, { k: "x", t: 2 })]);
    expect(graph.drain().outputs).toEqual([]);
    await graph.process([jsonRecord("b", 0, 1, { k: "x", t: 20 })]);
    expect(graph.drain().outputs.map((o) => [o.id, (o.value as { n: number }).n])).toEqual([["c:x:0", 2]]);
  });

  it("stops waiting for an idle partition after idleTimeout", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { s: { topic: "s", key: "k", eventTime: "t", watermark: { maxOutOfOrder: 0, idleTimeout: 1000 } } },
        operators: { c: { from: "s", aggregate: { window: { tumbling: { size: 10 } }, fields: { n: { count: true } } } } },
        sinks: { out: { from: "c", topic: "o" } },
      }),
    );
    graph.assignPartitions("s", [0, 1]);
    await graph.process([jsonRecord("s", 0, 0, { k: "x", t: 1 }), jsonRecord("s", 0, 1, { k: "x", t: 50 })]);
    graph.tick(500);
    expect(graph.drain().outputs).toEqual([]);
    graph.tick(1000);
    expect(graph.drain().outputs.map((o) => o.id)).toEqual(["c:x:0"]);
  });
});
