import type { FreshetClient } from "@freshet/client/client";
import type { ProducerRecord } from "@freshet/client/producer/producer-record";
import { NexmarkGenerator } from "./generator.js";
import { EVENT_KINDS, type EventKind, type NexmarkConfig } from "./model.js";
import { partitionOf, toRecord } from "./records.js";

/**
 * Event times (the record timestamps) start on 2026-01-01: time-based retention (7 days by default)
 * would delete the preloaded records while they are read. Output topics need it too.
 */
export const KEEP_FOREVER: Readonly<Record<string, string>> = { "retention.ms": "-1" };

/** Records per produce request while preloading. */
const PRODUCE_BATCH = 5_000;

export interface Preloaded {
  /** Events of each kind now in its topic. */
  readonly counts: Readonly<Record<EventKind, number>>;
  /** Average JSON value size per kind, bytes. */
  readonly averageBytes: Readonly<Record<EventKind, number>>;
  /** Generation and produce, records/s (the producer's rate into this broker, for reference). */
  readonly produceRate: number;
}

/**
 * Generates `events` Nexmark events and produces each kind into its topic (created with
 * `partitions` partitions, records keyed as toRecord() keys them and placed by partitionOf(),
 * timestamped with their event time).
 */
export async function preloadNexmark(client: FreshetClient, topics: Readonly<Record<EventKind, string>>, events: number, partitions: number, config: Partial<NexmarkConfig> = {}): Promise<Preloaded> {
  await client.admin.createTopics(EVENT_KINDS.map((kind) => ({ name: topics[kind], partitions, replicationFactor: 1, configs: KEEP_FOREVER })));
  const producer = client.producer();
  const counts = { person: 0, auction: 0, bid: 0 };
  const bytes = { person: 0, auction: 0, bid: 0 };
  const pending: Record<EventKind, ProducerRecord[]> = { person: [], auction: [], bid: [] };
  const flush = async (kind: EventKind) => {
    const batch = pending[kind];
    pending[kind] = [];
    if (batch.length > 0) await producer.send(topics[kind], batch, { acks: -1 });
  };
  const start = performance.now();
  for (const event of new NexmarkGenerator(config).events(events)) {
    const record = toRecord(event);
    counts[record.kind]++;
    bytes[record.kind] += record.value.length;
    pending[record.kind].push({ key: record.key, value: record.value, timestamp: record.timestamp, partition: partitionOf(record, partitions) });
    if (pending[record.kind].length >= PRODUCE_BATCH) await flush(record.kind);
  }
  for (const kind of EVENT_KINDS) await flush(kind);
  const seconds = (performance.now() - start) / 1000;
  const averageBytes = { person: bytes.person / Math.max(counts.person, 1), auction: bytes.auction / Math.max(counts.auction, 1), bid: bytes.bid / Math.max(counts.bid, 1) };
  return { counts, averageBytes, produceRate: events / seconds };
}
