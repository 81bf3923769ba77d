import type { Kafka } from "kafkajs";

/** The value of every record these tests produce: 1000 bytes. */
export const VALUE_BYTES = 1_000;
/** One fixed timestamp, so every record's timestamp delta in its batch is 0 (one byte). */
export const TIMESTAMP = "1765000000000";

/**
 * Bytes of the record batch kafkajs sends for `count` records with no key, no headers, a
 * 1000-byte value and one fixed timestamp: a 61-byte batch header, then per record a length
 * varint (2 bytes for 1007), attributes (1), timestamp delta 0 (1), offset delta < 64 (1),
 * key length -1 (1), value length (2), the value (1000) and a header count (1).
 */
export const batchBytes = (count: number): number => 61 + count * (2 + 1 + 1 + 1 + 1 + 2 + VALUE_BYTES + 1);

/** Produces `count` such records to `topic` in one batch (acks from all replicas), and answers the batch's bytes. */
export async function produceBatch(kafka: Kafka, topic: string, count: number): Promise<number> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: count }, () => ({ value: Buffer.alloc(VALUE_BYTES, "m"), timestamp: TIMESTAMP })) });
  } finally {
    await producer.disconnect();
  }
  return batchBytes(count);
}
