import { BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, Field, MAGIC_V2, batchSizeAt } from "./batch-header.js";

/**
 * How a record set ended: exactly at a batch boundary, in a batch Kafka cut short
 * (normal at the end of a Fetch response, clients drop it), or at a size field
 * that cannot be a batch.
 */
export type RecordSetEnd = "complete" | "partial" | "corrupt";

export interface SplitRecordSet {
  /** Views into the record set, one whole batch each. */
  readonly batches: Uint8Array[];
  readonly end: RecordSetEnd;
}

/** The smallest magic 0 message (LegacyRecord.RECORD_OVERHEAD_V0): anything shorter is corrupt in any format. */
const MIN_LEGACY_MESSAGE_BYTES = 14;

/** Cuts a record set (Produce or Fetch `Records`) into its whole batches, whatever their magic. */
export function splitBatches(recordSet: Uint8Array): SplitRecordSet {
  const batches: Uint8Array[] = [];
  let at = 0;
  while (at < recordSet.byteLength) {
    const size = batchSizeAt(recordSet, at);
    if (size < 0) return { batches, end: "partial" };
    if (size < BATCH_LOG_OVERHEAD + MIN_LEGACY_MESSAGE_BYTES) return { batches, end: "corrupt" };
    if (size > recordSet.byteLength - at) return { batches, end: "partial" };
    if (recordSet[at + Field.magic] === MAGIC_V2 && size < BATCH_HEADER_BYTES) return { batches, end: "corrupt" };
    batches.push(recordSet.subarray(at, at + size));
    at += size;
  }
  return { batches, end: "complete" };
}
