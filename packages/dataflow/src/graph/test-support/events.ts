import type { DataflowInput } from "../contract.js";
import { jsonRecord } from "./records.js";

/** mulberry32: a small seeded PRNG so generated streams are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Event {
  readonly k: string;
  readonly t: number;
  readonly v: number;
  readonly partition: number;
  readonly offset: number;
}

/**
 * Events with increasing event times, each delivered up to `maxOutOfOrder` late: the arrival order
 * sorts by t + jitter (jitter ≤ bound), which keeps every record at or after the watermark
 * (highest time seen − bound). Partitions are by key; offsets follow the arrival order.
 */
export function generateEvents(random: () => number, options: { count: number; keys: number; partitions: number; maxOutOfOrder: number; maxStep: number; maxValue: number }): Event[] {
  let t = 1_000_000;
  const drafts = Array.from({ length: options.count }, () => {
    t += Math.floor(random() * (options.maxStep + 1));
    const key = Math.floor(random() * options.keys);
    return { k: `k${String(key).padStart(2, "0")}`, t, v: 1 + Math.floor(random() * options.maxValue), partition: key % options.partitions, arrival: t + random() * options.maxOutOfOrder };
  });
  drafts.sort((a, b) => a.arrival - b.arrival);
  const offsets = new Array<number>(options.partitions).fill(0);
  return drafts.map((d) => ({ k: d.k, t: d.t, v: d.v, partition: d.partition, offset: offsets[d.partition]!++ }));
}

/** The events as source records, partitions interleaved at random (each partition stays in order). */
export function interleave(random: () => number, source: string, events: readonly Event[], partitions: number): DataflowInput[] {
  const queues = Array.from({ length: partitions }, (_, p) => events.filter((e) => e.partition === p));
  const out: DataflowInput[] = [];
  const heads = new Array<number>(partitions).fill(0);
  for (;;) {
    const open = queues.map((q, p) => (heads[p]! < q.length ? p : -1)).filter((p) => p >= 0);
    if (open.length === 0) return out;
    const p = open[Math.floor(random() * open.length)]!;
    const e = queues[p]![heads[p]!++]!;
    out.push(jsonRecord(source, e.partition, e.offset, { k: e.k, t: e.t, v: e.v }));
  }
}

/** One far-future record per partition: it moves every watermark past the real events. */
export function flushRecords(source: string, events: readonly Event[], partitions: number, at: number): DataflowInput[] {
  return Array.from({ length: partitions }, (_, p) => jsonRecord(source, p, events.filter((e) => e.partition === p).length, { k: "~flush", t: at, v: 0 }));
}
