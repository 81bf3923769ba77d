import { codecFor } from "@freshet/protocol/compression/codecs";
import { Writer } from "@freshet/protocol/io/writer";
import { writeBatchCrc } from "@freshet/protocol/records/batch-crc";
import { Attributes, BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, Field, compressionOf, type BatchHeader } from "@freshet/protocol/records/batch-header";
import { decodeRecordBatch, type DecodedRecord } from "@freshet/protocol/records/decode-batch";
import { writeRecord } from "@freshet/protocol/records/record";
import { LogError } from "../errors.js";
import { keyOf, type OffsetMap } from "./offset-map.js";

/**
 * Kafka's KIP-534 attribute bit: the batch's baseTimestamp holds the time after which its
 * tombstones may be removed (the record timestamps stay baseTimestamp + delta, so every
 * client reads them unchanged; clients that do not know the bit ignore it).
 */
export const DELETE_HORIZON_ATTRIBUTE = 0x40;

export interface BatchCleaning {
  readonly map: OffsetMap;
  readonly nowMs: number;
  readonly deleteRetentionMs: number;
  /** Whether this batch is its producer's last in the log: it must keep at least its header. */
  readonly lastOfProducer: boolean;
}

export interface CleanedBatch {
  /** The bytes to keep (the original when nothing changed), or null to drop the batch. */
  readonly bytes: Uint8Array | null;
  readonly removedRecords: number;
  /** When the tombstones this batch keeps may go; null when it keeps none. */
  readonly tombstoneExpiry: number | null;
}

/**
 * Cleans one stored batch as Kafka's LogCleaner does: a keyed record goes when the map
 * holds a later offset for its key; a tombstone (null value) that is the latest of its key
 * stays until its batch's delete horizon has passed, the horizon being set (now +
 * delete.retention.ms) the first time the cleaner keeps it. The batch keeps its base
 * offset and last offset delta (so producer sequences stay consistent), hence offsets of
 * removed records become gaps. A batch left empty is dropped, except its producer's last,
 * which keeps an empty header so idempotent-producer state survives a restart.
 */
export async function cleanBatch(batch: Uint8Array, header: BatchHeader, cleaning: BatchCleaning): Promise<CleanedBatch> {
  // Control batches (transaction markers) are never produced here; keep any as they are.
  if ((header.attributes & Attributes.control) !== 0) return { bytes: batch, removedRecords: 0, tombstoneExpiry: null };
  const decoded = await decodeRecordBatch(batch, { verifyCrc: false });
  if (!decoded.ok) throw new LogError("corrupt", `batch at offset ${header.baseOffset} cannot be cleaned: ${decoded.error.message}`);
  const hasHorizon = (header.attributes & DELETE_HORIZON_ATTRIBUTE) !== 0;
  const horizonPassed = hasHorizon && cleaning.nowMs >= header.baseTimestamp;
  const kept: DecodedRecord[] = [];
  let tombstones = 0;
  for (const record of decoded.value.records) {
    if (record.key !== null) {
      const latest = cleaning.map.get(keyOf(record.key));
      if (latest !== undefined && latest > record.offset) continue;
      if (record.value === null) {
        if (horizonPassed) continue;
        tombstones += 1;
      }
    }
    kept.push(record);
  }
  const removedRecords = decoded.value.records.length - kept.length;
  const horizon = tombstones === 0 ? null : hasHorizon ? header.baseTimestamp : cleaning.nowMs + cleaning.deleteRetentionMs;
  if (removedRecords === 0 && (tombstones === 0 || hasHorizon)) return { bytes: batch, removedRecords: 0, tombstoneExpiry: horizon };
  if (kept.length === 0) return { bytes: cleaning.lastOfProducer ? emptyBatch(header) : null, removedRecords, tombstoneExpiry: null };
  return { bytes: await rebuild(header, kept, horizon), removedRecords, tombstoneExpiry: horizon };
}

/** The kept records in a batch with the original header fields, offsets and timestamps. */
async function rebuild(header: BatchHeader, records: readonly DecodedRecord[], horizon: number | null): Promise<Uint8Array> {
  const logAppendTime = (header.attributes & Attributes.timestampTypeLogAppend) !== 0;
  const baseTimestamp = horizon ?? header.baseTimestamp;
  const section = new Writer();
  for (const record of records) {
    writeRecord(section, {
      offsetDelta: record.offsetDelta,
      // LogAppendTime records read the batch's maxTimestamp; their deltas mean nothing.
      timestampDelta: logAppendTime ? record.timestampDelta : record.timestamp - baseTimestamp,
      key: record.key,
      value: record.value,
      headers: record.headers,
    });
  }
  const codec = codecFor(compressionOf(header.attributes));
  if (!codec.ok) throw new LogError("corrupt", `batch at offset ${header.baseOffset}: ${codec.error.message}`);
  const payload = await codec.value.compress(section.toBytes());
  const attributes = (header.attributes & ~DELETE_HORIZON_ATTRIBUTE) | (horizon === null ? 0 : DELETE_HORIZON_ATTRIBUTE);
  return withHeader(header, payload, { attributes, baseTimestamp, recordCount: records.length });
}

/** Only the header: what Kafka keeps of a producer's last batch once its records are gone. */
function emptyBatch(header: BatchHeader): Uint8Array {
  const attributes = header.attributes & ~(Attributes.compressionMask | DELETE_HORIZON_ATTRIBUTE);
  return withHeader(header, new Uint8Array(0), { attributes, baseTimestamp: header.baseTimestamp, recordCount: 0 });
}

function withHeader(header: BatchHeader, payload: Uint8Array, changes: { attributes: number; baseTimestamp: number; recordCount: number }): Uint8Array {
  const batch = new Uint8Array(BATCH_HEADER_BYTES + payload.byteLength);
  const view = new DataView(batch.buffer);
  view.setBigInt64(Field.baseOffset, BigInt(header.baseOffset));
  view.setInt32(Field.batchLength, batch.byteLength - BATCH_LOG_OVERHEAD);
  view.setInt32(Field.partitionLeaderEpoch, header.partitionLeaderEpoch);
  view.setInt8(Field.magic, header.magic);
  view.setInt16(Field.attributes, changes.attributes);
  view.setInt32(Field.lastOffsetDelta, header.lastOffsetDelta);
  view.setBigInt64(Field.baseTimestamp, BigInt(changes.baseTimestamp));
  view.setBigInt64(Field.maxTimestamp, BigInt(header.maxTimestamp));
  view.setBigInt64(Field.producerId, BigInt(header.producerId));
  view.setInt16(Field.producerEpoch, header.producerEpoch);
  view.setInt32(Field.baseSequence, header.baseSequence);
  view.setInt32(Field.recordCount, changes.recordCount);
  batch.set(payload, BATCH_HEADER_BYTES);
  writeBatchCrc(batch);
  return batch;
}
