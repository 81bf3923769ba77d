import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataflowOutput } from "./contract.js";
import { compileDataflow } from "./index.js";
import { flushRecords, generateEvents, interleave, seededRandom, type Event } from "./test-support/events.js";
import { specOf } from "./test-support/records.js";

/*
 * The oracle: the same generated events go into PostgreSQL and through the graph (arriving out of
 * order within the watermark bound, partitions interleaved at random); SQL computes the tumbling,
 * hopping, session, Top-N and interval-join results and the graph's outputs must match them exactly
 * (percentiles within the sketch's 1% relative accuracy).
 */

const database = `core_oracle_${process.pid}`;
const adminUrl = "postgres://postgres@127.0.0.1:5432/postgres";
let db: pg.Client;

const PARTITIONS = 3;
const BOUND = 200;
const random = seededRandom(20261207);
const left = generateEvents(random, { count: 4000, keys: 12, partitions: PARTITIONS, maxOutOfOrder: BOUND, maxStep: 12, maxValue: 40 });
const right = generateEvents(random, { count: 1500, keys: 12, partitions: PARTITIONS, maxOutOfOrder: BOUND, maxStep: 32, maxValue: 40 });
const FLUSH_AT = 1e12;

const spec = specOf({
  sources: {
    ev: { topic: "ev", key: "k", eventTime: "t", watermark: { maxOutOfOrder: BOUND } },
    bv: { topic: "bv", key: "k", eventTime: "t", watermark: { maxOutOfOrder: BOUND } },
  },
  operators: {
    tumble: {
      from: "ev",
      aggregate: {
        window: { tumbling: { size: 1000 } },
        fields: {
          n: { count: true },
          big: { count: "v > 30" },
          total: { sum: "v" },
          lo: { min: "v" },
          hi: { max: "v" },
          mean: { avg: "v" },
          distinct: { countDistinct: "v" },
          p90: { percentile: { of: "v", p: 0.9 } },
        },
      },
    },
    hop: { from: "ev", aggregate: { window: { hopping: { size: 2000, slide: 500 } }, fields: { n: { count: true }, total: { sum: "v" } } } },
    sess: { from: "ev", aggregate: { window: { session: { gap: 120 } }, fields: { n: { count: true }, total: { sum: "v" } } } },
    top: { from: "tumble", topN: { n: 3, by: "n" } },
    join: { from: "ev", intervalJoin: { right: "bv", within: { before: 30, after: 60 } } },
  },
  sinks: {
    "tumble-out": { from: "tumble", topic: "a" },
    "hop-out": { from: "hop", topic: "b" },
    "sess-out": { from: "sess", topic: "c" },
    "top-out": { from: "top", topic: "d" },
    "join-out": { from: "join", topic: "e" },
  },
});

async function insert(table: string, events: readonly Event[]): Promise<void> {
  await db.query(`CREATE TABLE ${table} (k text NOT NULL, t bigint NOT NULL, v int NOT NULL, p int NOT NULL, o int NOT NULL)`);
  await db.query(`INSERT INTO ${table} SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[], $5::int[])`, [
    events.map((e) => e.k),
    events.map((e) => e.t),
    events.map((e) => e.v),
    events.map((e) => e.partition),
    events.map((e) => e.offset),
  ]);
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.query(sql)).rows as Record<string, unknown>[];
}

let outputs: DataflowOutput[];

function sinkOutputs(sink: string): DataflowOutput[] {
  return outputs.filter((o) => o.sink === sink && o.key !== "~flush").sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function byId<T extends { id: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

beforeAll(async () => {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  db = new pg.Client(`postgres://postgres@127.0.0.1:5432/${database}`);
  await db.connect();
  await insert("ev", left);
  await insert("bv", right);

  const graph = compileDataflow(spec);
  graph.assignPartitions("ev", [0, 1, 2]);
  graph.assignPartitions("bv", [0, 1, 2]);
  const inputs = [...interleave(random, "ev", left, PARTITIONS), ...flushRecords("ev", left, PARTITIONS, FLUSH_AT)];
  const rightInputs = [...interleave(random, "bv", right, PARTITIONS), ...flushRecords("bv", right, PARTITIONS, FLUSH_AT)];
  // Both streams in random-sized batches, alternating, so neither runs far ahead.
  let i = 0;
  let j = 0;
  while (i < inputs.length || j < rightInputs.length) {
    const n = 1 + Math.floor(random() * 50);
    await graph.process(inputs.slice(i, i + n));
    i += n;
    const m = 1 + Math.floor(random() * 20);
    await graph.process(rightInputs.slice(j, j + m));
    j += m;
  }
  outputs = graph.drain().outputs;
  for (const stats of graph.stats()) expect(stats, stats.id).toMatchObject({ lateDropped: 0, errors: 0 });
}, 30_000);

afterAll(async () => {
  await db?.end();
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});

describe("the graph against SQL", () => {
  it("tumbling windows: count, counted predicate, sum, min, max, avg, countDistinct, percentile", async () => {
    const expected = await rows(`
      SELECT k, (t / 1000) * 1000 AS ws, count(*)::int AS n, (count(*) FILTER (WHERE v > 30))::int AS big, sum(v)::int AS total,
             min(v) AS lo, max(v) AS hi, avg(v)::float8 AS mean, count(DISTINCT v)::int AS distinct,
             (array_agg(v ORDER BY v))[floor(0.9 * (count(*) - 1))::int + 1] AS p90
      FROM ev GROUP BY 1, 2`);
    expect(expected.length).toBeGreaterThan(100);
    const actual = sinkOutputs("tumble-out");
    expect(actual.map((o) => o.id)).toEqual(byId(expected.map((r) => ({ id: `tumble:${r.k}:${r.ws}` }))).map((r) => r.id));
    const want = new Map(expected.map((r) => [`tumble:${r.k}:${r.ws}`, r]));
    for (const o of actual) {
      const r = want.get(o.id)!;
      const ws = Number(r.ws);
      const value = o.value as Record<string, number>;
      expect({ ...value, mean: undefined, p90: undefined }).toEqual({
        key: r.k,
        windowStart: ws,
        windowEnd: ws + 1000,
        n: r.n,
        big: r.big,
        total: r.total,
        lo: r.lo,
        hi: r.hi,
        distinct: r.distinct,
        mean: undefined,
        p90: undefined,
      });
      expect(value.mean).toBeCloseTo(r.mean as number, 9);
      expect(Math.abs(value.p90! - (r.p90 as number)) / (r.p90 as number)).toBeLessThanOrEqual(0.01 + 1e-9);
      expect(o.timestamp).toBe(ws + 999);
    }
  });

  it("hopping windows (2 s every 500 ms)", async () => {
    const expected = await rows(`
      SELECT k, ws, count(*)::int AS n, sum(v)::int AS total
      FROM ev, generate_series((t / 500) * 500 - 1500, (t / 500) * 500, 500) AS ws GROUP BY 1, 2`);
    const actual = sinkOutputs("hop-out");
    expect(actual.map((o) => ({ id: o.id, value: o.value }))).toEqual(
      byId(expected.map((r) => ({ id: `hop:${r.k}:${r.ws}`, value: { key: r.k, windowStart: Number(r.ws), windowEnd: Number(r.ws) + 2000, n: r.n, total: r.total } }))),
    );
  });

  it("session windows (gap 120 ms)", async () => {
    const expected = await rows(`
      WITH marked AS (SELECT k, t, v, CASE WHEN t - lag(t) OVER (PARTITION BY k ORDER BY t) < 120 THEN 0 ELSE 1 END AS opens FROM ev),
           numbered AS (SELECT k, t, v, sum(opens) OVER (PARTITION BY k ORDER BY t, opens DESC ROWS UNBOUNDED PRECEDING) AS session FROM marked)
      SELECT k, min(t) AS ws, max(t) + 120 AS we, count(*)::int AS n, sum(v)::int AS total FROM numbered GROUP BY k, session`);
    expect(expected.length).toBeGreaterThan(200);
    const actual = sinkOutputs("sess-out");
    expect(actual.map((o) => ({ id: o.id, value: o.value }))).toEqual(
      byId(expected.map((r) => ({ id: `sess:${r.k}:${r.ws}`, value: { key: r.k, windowStart: Number(r.ws), windowEnd: Number(r.we), n: r.n, total: r.total } }))),
    );
  });

  it("Top-3 keys by count per tumbling window", async () => {
    const expected = await rows(`
      WITH counts AS (SELECT k, (t / 1000) * 1000 AS ws, count(*)::int AS n FROM ev GROUP BY 1, 2),
           ranked AS (SELECT k, ws, n, row_number() OVER (PARTITION BY ws ORDER BY n DESC, k COLLATE "C") AS rank FROM counts)
      SELECT * FROM ranked WHERE rank <= 3`);
    const actual = sinkOutputs("top-out");
    expect(actual.map((o) => ({ id: o.id, key: o.key, n: (o.value as { n: number }).n, rank: (o.value as { rank: number }).rank }))).toEqual(
      byId(expected.map((r) => ({ id: `top:${r.ws}:${r.rank}`, key: r.k, n: r.n, rank: Number(r.rank) }))),
    );
  });

  it("interval join: right within [left - 30 ms, left + 60 ms] on the same key", async () => {
    const expected = await rows(`
      SELECT l.p AS lp, l.o AS lo, r.p AS rp, r.o AS ro, l.t AS lt, r.t AS rt, l.v AS lv, r.v AS rv, l.k
      FROM ev l JOIN bv r ON l.k = r.k AND r.t BETWEEN l.t - 30 AND l.t + 60`);
    expect(expected.length).toBeGreaterThan(100);
    const actual = sinkOutputs("join-out");
    expect(actual.map((o) => ({ id: o.id, key: o.key, value: o.value, timestamp: o.timestamp }))).toEqual(
      byId(
        expected.map((r) => ({
          id: `join:ev:${r.lp}:${r.lo}:0|bv:${r.rp}:${r.ro}:0`,
          key: r.k,
          value: { left: { k: r.k, t: Number(r.lt), v: r.lv }, right: { k: r.k, t: Number(r.rt), v: r.rv } },
          timestamp: Math.max(Number(r.lt), Number(r.rt)),
        })),
      ),
    );
  });
});
