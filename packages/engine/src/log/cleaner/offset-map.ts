import { Attributes, readBatchHeader } from "@freshet/protocol/records/batch-header";
import { decodeRecordBatch } from "@freshet/protocol/records/decode-batch";
import { LogError } from "../errors.js";

/** Key bytes → the latest offset holding that key in the dirty range. */
export type OffsetMap = Map<string, number>;

/** A map key for record key bytes; latin1 maps every byte to one character, so it is exact. */
export function keyOf(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
}

/**
 * Adds the keyed records of `batch` with offsets in [from, to) to the map, later offsets
 * replacing earlier ones (Kafka's OffsetMap over the dirty section). Kafka bounds the map
 * by log.cleaner.dedupe.buffer.size and cleans in several passes; this one holds every key
 * of the dirty range in memory.
 */
export async function addToOffsetMap(map: OffsetMap, batch: Uint8Array, from: number, to: number): Promise<void> {
  const header = readBatchHeader(batch);
  if ((header.attributes & Attributes.control) !== 0) return;
  if (header.baseOffset + header.lastOffsetDelta < from || header.baseOffset >= to) return;
  const decoded = await decodeRecordBatch(batch, { verifyCrc: false });
  if (!decoded.ok) throw new LogError("corrupt", `batch at offset ${header.baseOffset} cannot be read for compaction: ${decoded.error.message}`);
  for (const record of decoded.value.records) {
    if (record.key !== null && record.offset >= from && record.offset < to) map.set(keyOf(record.key), record.offset);
  }
}
