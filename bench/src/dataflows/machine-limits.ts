import type { FreshetClient } from "@freshet/client/client";
import { NexmarkGenerator } from "./nexmark/generator.js";
import { toRecord } from "./nexmark/records.js";

/** A ceiling of this machine, one core, records/s. */
export interface LimitRow {
  readonly what: string;
  readonly recordsPerSecond: number;
}

function rate(count: number, work: () => void): number {
  const start = performance.now();
  work();
  return count / ((performance.now() - start) / 1000);
}

/**
 * What bounds a JavaScript dataflow before any operator runs: JSON.parse of a bid (from bytes, as
 * a fetched record arrives), JSON.stringify of a small result, and the generator itself.
 */
export function jsonLimits(sample: number): LimitRow[] {
  const bids = [...new NexmarkGenerator({ seed: 1 }).events(sample * 2)].filter((e) => e.kind === "bid").slice(0, sample);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const bytes = bids.map((e) => encoder.encode(toRecord(e).value));
  let sink = 0;
  const parse = rate(bytes.length, () => {
    for (const b of bytes) sink += (JSON.parse(decoder.decode(b)) as { price: number }).price;
  });
  const results = bids.map((e, i) => ({ key: i.toString(), windowStart: 0, windowEnd: 10_000, bids: i }));
  const stringify = rate(results.length, () => {
    for (const r of results) sink += JSON.stringify(r).length;
  });
  const generate = rate(sample, () => {
    for (const e of new NexmarkGenerator({ seed: 2 }).events(sample)) sink += e.kind.length;
  });
  if (sink === 0) throw new Error("the limit loops were optimised away");
  return [
    { what: "JSON.parse of a bid (from bytes)", recordsPerSecond: parse },
    { what: "JSON.stringify of a window result", recordsPerSecond: stringify },
    { what: "Nexmark generator (objects, no JSON)", recordsPerSecond: generate },
  ];
}

/** Reading a topic from start to end with the client and nothing else: the input side's ceiling. */
export async function consumeLimit(client: FreshetClient, topic: string): Promise<LimitRow> {
  let count = 0;
  const start = performance.now();
  for await (const record of client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) count += record.value === null ? 0 : 1;
  return { what: `consume ${topic} (client, no processing)`, recordsPerSecond: count / ((performance.now() - start) / 1000) };
}
