/*
 * Conversion between the stored format (magic 2 record batches) and the message
 * sets of magic 0/1 that Produce v0-2 carry and Fetch v0-3 expect, as Kafka 3.x
 * converted for clients that still speak them (old Sarama configurations,
 * segmentio kafka-go 0.2). Headers do not exist before magic 2 and are dropped on
 * the way down; transaction markers are skipped.
 */
import type { CompressionId } from "../compression/codec.js";
import { ok, type Result } from "../result.js";
import { Attributes } from "./batch-header.js";
import { buildRecordBatch } from "./build-batch.js";
import { decodeRecordBatch } from "./decode-batch.js";
import { readLegacyMessageSet, writeLegacyMessageSet, type LegacyMagic, type MessageToWrite } from "./legacy-message-set.js";
import { splitBatches } from "./split-batches.js";

/**
 * One magic 2 batch holding every message of a produced magic 0/1 message set,
 * compressed with the codec the producer used. Magic 0 messages keep timestamp -1
 * (Kafka's NO_TIMESTAMP), as Kafka's own up-conversion does.
 */
export async function upconvertMessageSet(set: Uint8Array): Promise<Result<Uint8Array, string>> {
  const read = await readLegacyMessageSet(set);
  if (!read.ok) return read;
  const batch = await buildRecordBatch({
    records: read.value.messages.map((m) => ({ key: m.key, value: m.value, timestamp: m.timestamp })),
    compression: read.value.codec as CompressionId,
  });
  return ok(batch);
}

/**
 * The records of a Fetch record set from `fetchOffset` on, as uncompressed
 * messages of `magic`. Stops at the first batch it cannot read: what came before
 * is still served, and the next fetch starts there again.
 */
export async function downconvertRecordSet(recordSet: Uint8Array, magic: LegacyMagic, fetchOffset: number): Promise<Uint8Array> {
  const messages: MessageToWrite[] = [];
  for (const bytes of splitBatches(recordSet).batches) {
    const decoded = await decodeRecordBatch(bytes, { verifyCrc: false });
    if (!decoded.ok) break;
    const { header, records } = decoded.value;
    if ((header.attributes & Attributes.control) !== 0) continue;
    const logAppendTime = (header.attributes & Attributes.timestampTypeLogAppend) !== 0;
    for (const record of records) {
      if (record.offset < fetchOffset) continue;
      messages.push({ offset: record.offset, key: record.key, value: record.value, timestamp: record.timestamp, logAppendTime });
    }
  }
  return writeLegacyMessageSet(messages, magic);
}

/** The message format a Fetch version reads: magic 0 for v0-1, magic 1 for v2-3, batches from v4. */
export function legacyMagicForFetch(version: number): LegacyMagic | null {
  if (version >= 4) return null;
  return version >= 2 ? 1 : 0;
}
