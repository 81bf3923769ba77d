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

/**
 * batchCrcIsValid for the batch of `size` bytes at `at` in `bytes`, with no copy and one
 * native call: the log runs it on every batch it serves.
 */
export function storedBatchCrcMatches(bytes: Buffer, at: number, size: number): boolean {
  return crc32c(bytes.subarray(at + CRC_START, at + size)) >>> 0 === bytes.readUInt32BE(at + Field.crc);
}

export function writeBatchCrc(batch: Uint8Array): void {
  new DataView(batch.buffer, batch.byteOffset, batch.byteLength).setUint32(Field.crc, computeBatchCrc(batch));
}
