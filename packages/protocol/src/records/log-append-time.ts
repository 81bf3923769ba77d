import { writeBatchCrc } from "./batch-crc.js";
import { Attributes, Field } from "./batch-header.js";

/**
 * Turns a validated batch into a LogAppendTime batch in place, as the broker does
 * on append for topics with message.timestamp.type=LogAppendTime: set attributes
 * bit 3 and maxTimestamp, leave baseTimestamp and the record deltas alone
 * (readers use maxTimestamp for every record), then recompute the CRC because
 * both fields lie inside its range.
 */
export function stampLogAppendTime(batch: Uint8Array, nowMs: number): void {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  view.setInt16(Field.attributes, view.getInt16(Field.attributes) | Attributes.timestampTypeLogAppend);
  view.setBigInt64(Field.maxTimestamp, BigInt(nowMs));
  writeBatchCrc(batch);
}
