import type { FreshetClient } from "@freshet/client/client";
import type { SourcePosition } from "../kit/record.js";
import { ensureTopics } from "./cluster-topics.js";

/**
 * Where sources keep their positions: one compacted topic per cluster, keyed by connector name,
 * each value `{"position": …}` (a tombstone after a reset). As Kafka Connect's offsets topic, the
 * last record of a key wins; compaction keeps the topic small.
 */
export const SOURCE_POSITIONS_TOPIC = "_freshet-connector-offsets";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function ensurePositionsTopic(client: FreshetClient): Promise<void> {
  await ensureTopics(client, [{ name: SOURCE_POSITIONS_TOPIC, partitions: 1, configs: { "cleanup.policy": "compact" } }]);
}

/** The position stored last for connector `name`, or undefined (never stored, or reset). */
export async function readSourcePosition(client: FreshetClient, name: string): Promise<SourcePosition | undefined> {
  let position: SourcePosition | undefined;
  for await (const record of client.consume({ topic: SOURCE_POSITIONS_TOPIC, start: { kind: "beginning" }, exitAtEnd: true })) {
    if (record.key === null || decoder.decode(record.key) !== name) continue;
    position = record.value === null ? undefined : (JSON.parse(decoder.decode(record.value)) as { position: SourcePosition }).position;
  }
  return position;
}

/** Stores `position` (undefined: forgets it, so the source starts afresh) durably: acks from every in-sync replica. */
export async function writeSourcePosition(client: FreshetClient, name: string, position: SourcePosition | undefined): Promise<void> {
  const value = position === undefined ? null : encoder.encode(JSON.stringify({ position }));
  await client.producer().send(SOURCE_POSITIONS_TOPIC, [{ key: name, value }], { acks: -1 });
}
