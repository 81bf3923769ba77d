import type { Producer } from "@freshet/client/producer/producer";
import type { ProducerRecord } from "@freshet/client/producer/producer-record";
import type { RecordHeader } from "@freshet/protocol/records/record";

/** Where a dead-lettered record came from and why it was refused; becomes the record's headers. */
export interface DeadLetterContext {
  readonly connector: string;
  readonly error: string;
  /** Sinks: the record's topic, partition and offset in the cluster. */
  readonly source?: { readonly topic: string; readonly partition: number; readonly offset: number };
  /** The stage that refused it: the source's reading, a transform (its module), or the target. */
  readonly stage: string;
}

/** Header names, as Kafka Connect's `__connect.errors.*` context headers, under our prefix. */
export const DEAD_LETTER_HEADERS = {
  error: "freshet.error.message",
  connector: "freshet.error.connector",
  stage: "freshet.error.stage",
  topic: "freshet.error.topic",
  partition: "freshet.error.partition",
  offset: "freshet.error.offset",
} as const;

const encoder = new TextEncoder();

/** The refused record as it was, with the context headers added after its own. */
export function deadLetterRecord(
  record: { readonly key: Uint8Array | null; readonly value: Uint8Array | null; readonly headers: readonly RecordHeader[]; readonly timestamp?: number },
  context: DeadLetterContext,
): ProducerRecord {
  const added: Array<[string, string]> = [
    [DEAD_LETTER_HEADERS.error, context.error],
    [DEAD_LETTER_HEADERS.connector, context.connector],
    [DEAD_LETTER_HEADERS.stage, context.stage],
  ];
  if (context.source !== undefined) {
    added.push([DEAD_LETTER_HEADERS.topic, context.source.topic], [DEAD_LETTER_HEADERS.partition, String(context.source.partition)], [DEAD_LETTER_HEADERS.offset, String(context.source.offset)]);
  }
  return {
    key: record.key,
    value: record.value,
    headers: [...record.headers, ...added.map(([key, value]) => ({ key, value: encoder.encode(value) }))],
    ...(record.timestamp === undefined ? {} : { timestamp: record.timestamp }),
  };
}

/** Sends dead letters with acks from every in-sync replica: the original record's only copy may be this one. */
export async function sendDeadLetters(producer: Producer, topic: string, records: readonly ProducerRecord[]): Promise<void> {
  if (records.length > 0) await producer.send(topic, records, { acks: -1 });
}
