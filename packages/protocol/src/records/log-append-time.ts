import { writeBatchCrc } from "./batch-crc.js";
import { Attributes, Field } from "./batch-header.js";

/*
 * The broker owns a stored batch's timestamp fields, as Kafka's LogValidator:
 * LogAppendTime topics get the append time, CreateTime topics the records' real
 * maximum (clients such as Sarama send maxTimestamp -1, and the time index and
 * ListOffsets-by-time read maxTimestamp). Both fields lie inside the CRC's range.
 */

/**
 * Turns a validated batch into a LogAppendTime batch in place, as the broker does
 * on append for topics with message.timestamp.type=LogAppendTime: set attributes
 * bit 3 and maxTimestamp, leave baseTimestamp and the record deltas alone
 * (readers use maxTimestamp for every record), then recompute the CRC.
 */
export function stampLogAppendTime(batch: Uint8Array, nowMs: number): void {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  view.setInt16(Field.attributes, view.getInt16(Field.attributes) | Attributes.timestampTypeLogAppend);
  view.setBigInt64(Field.maxTimestamp, BigInt(nowMs));
  writeBatchCrc(batch);
}

/**
 * Makes a validated batch a CreateTime batch whose maxTimestamp is `maxTimestamp`
 * (the records' maximum), in place; the CRC is recomputed only when a field
 * changed, which well-behaved clients never cause. Returns whether it changed.
 */
export function settleCreateTime(batch: Uint8Array, maxTimestamp: number): boolean {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const attributes = view.getInt16(Field.attributes);
  const stored = view.getBigInt64(Field.maxTimestamp);
  if ((attributes & Attributes.timestampTypeLogAppend) === 0 && stored === BigInt(maxTimestamp)) return false;
  view.setInt16(Field.attributes, attributes & ~Attributes.timestampTypeLogAppend);
  view.setBigInt64(Field.maxTimestamp, BigInt(maxTimestamp));
  writeBatchCrc(batch);
  return true;
}
