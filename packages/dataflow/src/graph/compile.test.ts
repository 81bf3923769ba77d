import { describe, expect, it } from "vitest";
import { compileDataflow, DataflowCompileError } from "./index.js";
import { jsonRecord, specOf } from "./test-support/records.js";

const utf8 = new TextEncoder();

describe("compileDataflow", () => {
  it("filters, maps and re-keys records, keeping their ids", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { bids: { topic: "bids", eventTime: "t" } },
        operators: {
          big: { from: "bids", filter: "price > 100" },
          priced: { from: "big", map: { euros: "price * 0.9", auction: "auction" } },
          "by-auction": { from: "priced", keyBy: "string(auction)" },
        },
        sinks: { out: { from: "by-auction", topic: "out" } },
      }),
    );
    await graph.process([
      jsonRecord("bids", 0, 0, { t: 10, price: 50, auction: 1 }),
      jsonRecord("bids", 0, 1, { t: 11, price: 200, auction: 2 }),
      jsonRecord("bids", 1, 7, { t: 12, price: 300, auction: 3 }),
    ]);
    const { outputs } = graph.drain();
    expect(outputs).toEqual([
      { sink: "out", id: "bids:0:1:0", key: "2", value: { euros: 180, auction: 2 }, timestamp: 11 },
      { sink: "out", id: "bids:1:7:0", key: "3", value: { euros: 270, auction: 3 }, timestamp: 12 },
    ]);
    expect(graph.stats().find((s) => s.id === "big")).toMatchObject({ recordsIn: 3, recordsOut: 2, errors: 0 });
  });

  it("skips records an expression fails on and counts them", async () => {
    const graph = compileDataflow(specOf({ sources: { s: { topic: "s" } }, operators: { f: { from: "s", filter: "price > 1" } }, sinks: { out: { from: "f", topic: "o" } } }));
    await graph.process([
      jsonRecord("s", 0, 0, { other: 1 }),
      jsonRecord("s", 0, 1, { price: "x" }),
      jsonRecord("s", 0, 2, { price: 5 }),
      { source: "s", partition: 0, offset: 3n, key: null, value: utf8.encode("{not json"), timestamp: 0 },
    ]);
    expect(graph.drain().outputs.map((o) => o.id)).toEqual(["s:0:2:0"]);
    const stats = graph.stats();
    expect(stats.find((s) => s.id === "f")?.errors).toBe(2);
    expect(stats.find((s) => s.id === "s")?.errors).toBe(1);
  });

  it("tells an observer what goes in and out of each node and why a record failed; without one the graph runs the same", async () => {
    const seen: string[] = [];
    const spec = specOf({
      sources: { s: { topic: "s" } },
      operators: { f: { from: "s", filter: "price > 1" }, m: { from: "f", map: "price * 2" } },
      sinks: { out: { from: "m", topic: "o" } },
    });
    const graph = compileDataflow(spec, {
      observer: {
        in: (node, r) => seen.push(`${node} in ${r.key ?? "-"} ${JSON.stringify(r.value)}`),
        out: (node, r) => seen.push(`${node} out ${JSON.stringify(r.value)}`),
        error: (node, message) => seen.push(`${node} error ${message}`),
      },
    });
    await graph.process([
      jsonRecord("s", 0, 0, { price: 5 }),
      jsonRecord("s", 0, 1, { price: "x" }),
      { source: "s", partition: 0, offset: 2n, key: utf8.encode("k"), value: utf8.encode("{not json"), timestamp: 0 },
    ]);
    expect(seen).toEqual([
      's in - "{\\"price\\":5}"',
      's out {"price":5}',
      'f in - {"price":5}',
      'f out {"price":5}',
      'm in - {"price":5}',
      "m out 10",
      "out in - 10",
      's in - "{\\"price\\":\\"x\\"}"',
      's out {"price":"x"}',
      'f in - {"price":"x"}',
      expect.stringMatching(/^f error .+/),
      's in k "{not json"',
      "s error the value is not JSON",
    ]);
    expect(graph.drain().outputs.map((o) => o.value)).toEqual([10]);
    const plain = compileDataflow(spec);
    await plain.process([jsonRecord("s", 0, 0, { price: 5 })]);
    expect(plain.drain().outputs.map((o) => o.value)).toEqual([10]);
  });

  it("counts per key in tumbling windows and emits each window once when the watermark passes", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { s: { topic: "s", key: "user", eventTime: "t", watermark: { maxOutOfOrder: 5 } } },
        operators: { c: { from: "s", aggregate: { window: { tumbling: { size: 10 } }, fields: { n: { count: true }, total: { sum: "v" } } } } },
        sinks: { out: { from: "c", topic: "o" }, view: { from: "c", view: {} } },
      }),
    );
    await graph.process([jsonRecord("s", 0, 0, { user: "a", t: 1, v: 1 }), jsonRecord("s", 0, 1, { user: "b", t: 3, v: 2 }), jsonRecord("s", 0, 2, { user: "a", t: 9, v: 3 })]);
    let drained = graph.drain();
    expect(drained.outputs).toEqual([]);
    expect(drained.views.filter((r) => r.key === "a")).toEqual([
      { view: "view", key: "a", windowStart: 0, windowEnd: 10, value: { key: "a", windowStart: 0, windowEnd: 10, n: 2, total: 4 }, closed: false },
    ]);
    await graph.process([jsonRecord("s", 0, 3, { user: "a", t: 14, v: 1 }), jsonRecord("s", 0, 4, { user: "a", t: 15, v: 1 })]);
    drained = graph.drain();
    expect(drained.outputs).toEqual([
      { sink: "out", id: "c:a:0", key: "a", value: { key: "a", windowStart: 0, windowEnd: 10, n: 2, total: 4 }, timestamp: 9 },
      { sink: "out", id: "c:b:0", key: "b", value: { key: "b", windowStart: 0, windowEnd: 10, n: 1, total: 2 }, timestamp: 9 },
    ]);
    expect(drained.views.filter((r) => r.closed).map((r) => r.key)).toEqual(["a", "b"]);
    await graph.process([jsonRecord("s", 0, 5, { user: "a", t: 2, v: 1 })]);
    expect(graph.drain().outputs).toEqual([]);
    expect(graph.stats().find((s) => s.id === "c")?.lateDropped).toBe(1);
  });

  it("restores a snapshot and continues exactly as an uninterrupted run", async () => {
    const spec = specOf({
      sources: { s: { topic: "s", key: "user", eventTime: "t", watermark: { maxOutOfOrder: 3 } } },
      operators: { c: { from: "s", aggregate: { window: { hopping: { size: 10, slide: 5 } }, fields: { n: { count: true }, p: { percentile: { of: "v", p: 0.5 } }, d: { countDistinct: "v" } } } } },
      sinks: { out: { from: "c", topic: "o" } },
    });
    const records = Array.from({ length: 200 }, (_, i) => jsonRecord("s", i % 2, i >> 1, { user: `u${i % 3}`, t: i + (i % 3), v: i % 7 }));
    const whole = compileDataflow(spec);
    await whole.process(records);
    const expected = whole.drain().outputs;
    expect(expected.length).toBeGreaterThan(50);

    const first = compileDataflow(spec);
    await first.process(records.slice(0, 77));
    const before = first.drain().outputs;
    const resumed = compileDataflow(spec);
    resumed.restore(first.snapshot());
    await resumed.process(records.slice(77));
    expect([...before, ...resumed.drain().outputs]).toEqual(expected);
  });

  it("rejects SmartModule steps without a loader and cycles, with a path", () => {
    expect(() => compileDataflow(specOf({ sources: { s: { topic: "s" } }, operators: { f: { from: "s", filter: { smartmodule: "x.wasm" } } }, sinks: { o: { from: "f", topic: "o" } } }))).toThrow(
      "operators.f.filter: SmartModule steps need a module loader (the smartModules option)",
    );
    expect(() =>
      compileDataflow(specOf({ sources: { s: { topic: "s" } }, operators: { a: { from: ["s", "b"], filter: "true" }, b: { from: "a", filter: "true" } }, sinks: { o: { from: "b", topic: "o" } } })),
    ).toThrow(DataflowCompileError);
  });
});
