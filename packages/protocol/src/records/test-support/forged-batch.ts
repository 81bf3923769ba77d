import type { CompressionName } from "../../compression/codec.js";
import { writeBatchCrc } from "../batch-crc.js";
import { BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, Field } from "../batch-header.js";
import { buildRecordBatch } from "../build-batch.js";

/**
 * A batch whose header (from a real batch of `compression`) claims `recordCount` records
 * over `section`, taken as it is; batchLength, lastOffsetDelta and CRC are right, so only
 * the records can be wrong.
 */
export async function batchOverSection(section: Uint8Array, recordCount: number, compression: CompressionName = "none"): Promise<Uint8Array> {
  const template = await buildRecordBatch({ records: [{ value: null, timestamp: 1000 }], compression });
  const batch = new Uint8Array(BATCH_HEADER_BYTES + section.byteLength);
  batch.set(template.subarray(0, BATCH_HEADER_BYTES));
  batch.set(section, BATCH_HEADER_BYTES);
  const view = new DataView(batch.buffer);
  view.setInt32(Field.batchLength, batch.byteLength - BATCH_LOG_OVERHEAD);
  view.setInt32(Field.recordCount, recordCount);
  view.setInt32(Field.lastOffsetDelta, recordCount - 1);
  writeBatchCrc(batch);
  return batch;
}
