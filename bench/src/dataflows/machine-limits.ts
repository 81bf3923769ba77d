import type { FreshetClient } from "@freshet/client/client";
import { NexmarkGenerator } from "./nexmark/generator.js";
import { KEEP_FOREVER } from "./nexmark/preload.js";
import { toRecord } from "./nexmark/records.js";

/** Records per request in the produce limit: what one fetch of bids turns into in a pass-through query, roughly. */
const PRODUCE_LIMIT_BATCH = 1_000;

/** A ceiling of this machine, records/s. */
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

/**
 * Producing bids to a fresh topic (acks=all, 1,000 records a request, the broker's default
 * durability): the output side's ceiling for pass-through queries.
 */
export async function produceLimit(client: FreshetClient, topic: string, sample: number): Promise<LimitRow> {
  await client.admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 1, configs: KEEP_FOREVER }]);
  const records = [...new NexmarkGenerator({ seed: 3 }).events(sample)].map(toRecord).map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp }));
  const producer = client.producer();
  const start = performance.now();
  for (let i = 0; i < records.length; i += PRODUCE_LIMIT_BATCH) await producer.send(topic, records.slice(i, i + PRODUCE_LIMIT_BATCH), { acks: -1 });
  return { what: `produce to ${topic} (client, acks=all, ${PRODUCE_LIMIT_BATCH.toString()} a request)`, recordsPerSecond: records.length / ((performance.now() - start) / 1000) };
}
