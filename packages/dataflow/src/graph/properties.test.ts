import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DataflowInput, DataflowOutput, OperatorStats } from "./contract.js";
import { compileDataflow } from "./index.js";
import { jsonRecord, specOf } from "./test-support/records.js";

/*
 * Properties over generated streams: arrival order within the watermark bound does not change
 * closed results, late records only move the late counters, and a snapshot taken anywhere then
 * restored continues exactly like an uninterrupted run.
 */

const BOUND = 50;
const LATENESS = 20;
const FLUSH_AT = 1e9;

const spec = specOf({
  sources: {
    ev: { topic: "ev", key: "k", eventTime: "t", watermark: { maxOutOfOrder: BOUND } },
    bv: { topic: "bv", key: "k", eventTime: "t", watermark: { maxOutOfOrder: BOUND } },
  },
  operators: {
    tumble: {
      from: "ev",
      aggregate: {
        window: { tumbling: { size: 100 } },
        allowedLateness: LATENESS,
        fields: { n: { count: true }, total: { sum: "v" }, lo: { min: "v" }, hi: { max: "v" }, d: { countDistinct: "v" }, p: { percentile: { of: "v", p: 0.5 } } },
      },
    },
    hop: { from: "ev", aggregate: { window: { hopping: { size: 100, slide: 25 } }, fields: { n: { count: true }, total: { sum: "v" } } } },
    sess: { from: "ev", aggregate: { window: { session: { gap: 30 } }, allowedLateness: LATENESS, fields: { n: { count: true }, total: { sum: "v" } } } },
    top: { from: "tumble", topN: { n: 2, by: "total" } },
    raw: { from: "ev", topN: { n: 1, by: "v", window: { tumbling: { size: 50 } } } },
    join: { from: "ev", intervalJoin: { right: "bv", within: { before: 10, after: 20 } } },
    stock: { from: "ev", stock: { step: 50, measures: { n: { count: true }, total: { sum: "v" } }, movingAverage: 3, correlate: ["n", "total"], correlationSteps: 4 } },
  },
  sinks: {
    o1: { from: "tumble", topic: "o" },
    o2: { from: "hop", topic: "o" },
    o3: { from: "sess", topic: "o" },
    o4: { from: "top", topic: "o" },
    o5: { from: "raw", topic: "o" },
    o6: { from: "join", topic: "o" },
    o7: { from: "stock", topic: "o" },
    v1: { from: "tumble", view: {} },
  },
});

interface Ev {
  source: "ev" | "bv";
  k: string;
  t: number;
  v: number;
}

/** Events in time order: gaps between them, a key, a value and a side. */
const eventsArb = fc
  .array(fc.record({ gap: fc.integer({ min: 0, max: 20 }), k: fc.constantFrom("a", "b", "c"), v: fc.integer({ min: 1, max: 9 }), right: fc.boolean() }), { minLength: 1, maxLength: 120 })
  .map((drafts) => {
    let t = 1_000;
    return drafts.map<Ev>((d) => ({ source: d.right ? "bv" : "ev", k: d.k, t: (t += d.gap), v: d.v }));
  });

/** Records in this arrival order, one partition per source, offsets in arrival order, then the flush. */
function toInputs(events: readonly Ev[]): DataflowInput[] {
  const offsets = { ev: 0, bv: 0 };
  const inputs = events.map((e) => jsonRecord(e.source, 0, offsets[e.source]++, { k: e.k, t: e.t, v: e.v }));
  return [...inputs, jsonRecord("ev", 0, offsets.ev, { k: "~", t: FLUSH_AT, v: 0 }), jsonRecord("bv", 0, offsets.bv, { k: "~", t: FLUSH_AT, v: 0 })];
}

/** Shuffles within the bound: sort by time + jitter, jitter ≤ bound, so each record stays at or above the watermark. */
function arrivalOrder(events: readonly Ev[], jitters: readonly number[]): Ev[] {
  return events
    .map((e, i) => ({ e, at: e.t + (jitters[i % jitters.length] ?? 0) }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.e);
}

async function run(inputs: readonly DataflowInput[], batch = 7) {
  const graph = compileDataflow(spec);
  for (let i = 0; i < inputs.length; i += batch) await graph.process(inputs.slice(i, i + batch));
  return { ...graph.drain(), stats: graph.stats() };
}

/** Closed results as a set: by id. Join ids name offsets, which depend on arrival order, so joins compare by content. */
function closedResults(outputs: readonly DataflowOutput[]): string[] {
  return outputs.map((o) => (o.sink === "o6" ? `join ${JSON.stringify(o.value)}` : `${o.id} ${JSON.stringify(o.value)}`)).sort();
}

describe("dataflow properties", () => {
  it("any arrival order within the bound gives the same closed windows", async () => {
    await fc.assert(
      fc.asyncProperty(eventsArb, fc.array(fc.integer({ min: 0, max: BOUND }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 30 }), async (events, jitters, batch) => {
        const ordered = await run(toInputs(events));
        const shuffled = await run(toInputs(arrivalOrder(events, jitters)), batch);
        expect(closedResults(shuffled.outputs)).toEqual(closedResults(ordered.outputs));
        for (const s of shuffled.stats) expect(s.lateDropped, s.id).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it("records past the allowed lateness only move the late counters", async () => {
    await fc.assert(
      fc.asyncProperty(eventsArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 10 }), async (events, lates) => {
        const onTime = events.filter((e) => e.source === "ev");
        fc.pre(onTime.length > 0);
        const baseline = await run(toInputs(onTime));
        // A late record goes in after position i, far enough behind the watermark there (highest time − bound)
        // that every window, session and join partner it could reach has closed.
        const withLate: Ev[] = [];
        const at = new Map<number, number[]>();
        for (const [pos, v] of lates) at.set(pos % onTime.length, [...(at.get(pos % onTime.length) ?? []), v]);
        let highest = Number.NEGATIVE_INFINITY;
        for (const [i, e] of onTime.entries()) {
          withLate.push(e);
          highest = Math.max(highest, e.t);
          for (const v of at.get(i) ?? []) withLate.push({ source: "ev", k: "late", t: highest - BOUND - 200 - LATENESS, v });
        }
        const late = await run(toInputs(withLate));
        // The flush records' offsets move by the number of late records: leave them out.
        const real = (outputs: DataflowOutput[]) => outputs.filter((o) => o.key !== "~");
        expect(real(late.outputs)).toEqual(real(baseline.outputs));
        const lateDropped = (run: typeof late) => Object.fromEntries(run.stats.map((s) => [s.id, s.lateDropped]));
        const count = lates.length;
        // The join waits for the silent right side's watermark, so late left records are merely buffered there.
        expect(lateDropped(late)).toEqual({ ...lateDropped(baseline), tumble: count, hop: count, sess: count, raw: count, stock: count });
        for (const s of late.stats) expect(s.errors, s.id).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it("a snapshot taken anywhere, restored and continued gives the uninterrupted outputs and views", async () => {
    await fc.assert(
      fc.asyncProperty(eventsArb, fc.array(fc.integer({ min: 0, max: BOUND }), { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), async (events, jitters, cuts) => {
        const inputs = toInputs(arrivalOrder(events, jitters));
        const whole = await run(inputs, 5);
        const points = [...new Set(cuts.map((c) => c % inputs.length))].sort((a, b) => a - b);
        let graph = compileDataflow(spec);
        const outputs: DataflowOutput[] = [];
        const views: unknown[] = [];
        let from = 0;
        for (const point of [...points, inputs.length]) {
          for (let i = from; i < point; i += 5) await graph.process(inputs.slice(i, Math.min(i + 5, point)));
          from = point;
          const drained = graph.drain();
          outputs.push(...drained.outputs);
          views.push(...drained.views);
          const snapshot = graph.snapshot();
          graph = compileDataflow(spec);
          graph.restore(snapshot);
        }
        expect(outputs).toEqual(whole.outputs);
        expect(views.filter((v) => (v as { closed: boolean }).closed)).toEqual(whole.views.filter((v) => v.closed));
        // Partial view rows are coalesced per process() call, so only the view's count of them depends on batching.
        const counters = (stats: readonly OperatorStats[]) => stats.map((s) => (s.kind === "view-sink" ? { ...s, recordsOut: 0 } : s));
        expect(counters(graph.stats())).toEqual(counters(whole.stats));
      }),
      { numRuns: 150 },
    );
  });
});
