import type { CompressionId, CompressionName } from "../compression/codec.js";
import type { CodecLookup } from "../compression/codec-lookup.js";
import { codecFor } from "../compression/codecs.js";
import { Writer } from "../io/writer.js";
import { writeBatchCrc } from "./batch-crc.js";
import { Attributes, BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, Field, MAGIC_V2 } from "./batch-header.js";
import { writeRecord, type RecordHeader } from "./record.js";

export type TimestampType = "CreateTime" | "LogAppendTime";

export interface RecordToBuild {
  readonly key?: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers?: readonly RecordHeader[];
  /** Milliseconds since the epoch; defaults to the clock. */
  readonly timestamp?: number;
}

export interface BuildBatchOptions {
  readonly records: readonly RecordToBuild[];
  readonly compression?: CompressionName | CompressionId;
  /** Producers send 0; the broker assigns the real offset on append. */
  readonly baseOffset?: number;
  /** -1 = none, as the Java client sends (kafkajs and librdkafka send 0); the broker stamps its own. */
  readonly partitionLeaderEpoch?: number;
  /** -1/-1/-1 unless idempotent (librdkafka's non-idempotent values). */
  readonly producerId?: number;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
  readonly transactional?: boolean;
  readonly timestampType?: TimestampType;
  /** maxTimestamp of a LogAppendTime batch; defaults to the clock. */
  readonly logAppendTimeMs?: number;
  readonly clock?: () => number;
  readonly codecs?: CodecLookup;
}

/**
 * Encodes a magic-2 record batch with offset deltas 0..n-1, baseTimestamp = the
 * first record's timestamp and a CRC-32C over attributes..end. Throws RangeError
 * for an empty record list or an unknown codec: those are caller bugs, not input.
 */
export async function buildRecordBatch(options: BuildBatchOptions): Promise<Uint8Array> {
  const { records } = options;
  if (records.length === 0) throw new RangeError("a record batch needs at least one record");
  const codec = (options.codecs ?? codecFor)(options.compression ?? "none");
  if (!codec.ok) throw new RangeError(codec.error.message);
  const clock = options.clock ?? Date.now;
  const timestamps = records.map((record) => record.timestamp ?? clock());
  const baseTimestamp = timestamps[0]!;

  const section = new Writer();
  records.forEach((record, index) => {
    writeRecord(section, {
      offsetDelta: index,
      timestampDelta: timestamps[index]! - baseTimestamp,
      key: record.key ?? null,
      value: record.value,
      headers: record.headers ?? [],
    });
  });
  const payload = await codec.value.compress(section.toBytes());

  const logAppendTime = options.timestampType === "LogAppendTime";
  const attributes = codec.value.id | (logAppendTime ? Attributes.timestampTypeLogAppend : 0) | (options.transactional === true ? Attributes.transactional : 0);
  // A loop, not Math.max(...timestamps): spreading a large batch would overflow the call stack.
  const maxTimestamp = logAppendTime ? (options.logAppendTimeMs ?? clock()) : timestamps.reduce((max, t) => (t > max ? t : max), -Infinity);

  const batch = new Uint8Array(BATCH_HEADER_BYTES + payload.byteLength);
  const view = new DataView(batch.buffer);
  view.setBigInt64(Field.baseOffset, BigInt(options.baseOffset ?? 0));
  view.setInt32(Field.batchLength, batch.byteLength - BATCH_LOG_OVERHEAD);
  view.setInt32(Field.partitionLeaderEpoch, options.partitionLeaderEpoch ?? -1);
  view.setInt8(Field.magic, MAGIC_V2);
  view.setInt16(Field.attributes, attributes);
  view.setInt32(Field.lastOffsetDelta, records.length - 1);
  view.setBigInt64(Field.baseTimestamp, BigInt(baseTimestamp));
  view.setBigInt64(Field.maxTimestamp, BigInt(maxTimestamp));
  view.setBigInt64(Field.producerId, BigInt(options.producerId ?? -1));
  view.setInt16(Field.producerEpoch, options.producerEpoch ?? -1);
  view.setInt32(Field.baseSequence, options.baseSequence ?? -1);
  view.setInt32(Field.recordCount, records.length);
  batch.set(payload, BATCH_HEADER_BYTES);
  writeBatchCrc(batch);
  return batch;
}
