import { crc32c } from "@node-rs/crc32";
import { CRC_START, Field } from "./batch-header.js";

/** CRC-32C over attributes..end of the batch, as the batch header's crc field covers. */
export function computeBatchCrc(batch: Uint8Array): number {
  const covered = batch.subarray(CRC_START);
  return crc32c(Buffer.from(covered.buffer, covered.byteOffset, covered.byteLength)) >>> 0;
}

export function batchCrcIsValid(batch: Uint8Array): boolean {
  const stored = new DataView(batch.buffer, batch.byteOffset, batch.byteLength).getUint32(Field.crc);
  return stored === computeBatchCrc(batch);
}

export function writeBatchCrc(batch: Uint8Array): void {
  new DataView(batch.buffer, batch.byteOffset, batch.byteLength).setUint32(Field.crc, computeBatchCrc(batch));
}
