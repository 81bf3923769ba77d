/*
 * The checks the broker runs on every Produce partition record set before
 * appending, in the order of kafka.md §4.4 (Kafka's ProduceRequest.validateRecords,
 * UnifiedLog.analyzeAndValidateRecords and LogValidator.validateBatch). Header and
 * CRC only, synchronous; validateProducedRecords then decompresses and parses the records.
 */
import type { ErrorName } from "../errors/error-codes.js";
import { err, ok, type Result } from "../result.js";
import { batchCrcIsValid } from "./batch-crc.js";
import { Attributes, BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, MAGIC_V2, batchSizeAt, compressionOf, readBatchHeader, type BatchHeader } from "./batch-header.js";
import { MIN_RECORD_BYTES } from "./record.js";

export interface ProducedBatchLimits {
  /** The topic's max.message.bytes (Kafka default 1048588), compared with the whole batch size. */
  readonly maxBatchBytes: number;
}

export interface ProducedBatchRejection {
  readonly errorName: ErrorName;
  readonly message: string;
}

const HIGHEST_COMPRESSION_ID = 4;

function reject(errorName: ErrorName, message: string): Result<never, ProducedBatchRejection> {
  return err({ errorName, message });
}

export function validateProducedBatch(recordSet: Uint8Array, limits: ProducedBatchLimits): Result<BatchHeader, ProducedBatchRejection> {
  if (recordSet.byteLength < BATCH_HEADER_BYTES) {
    return reject("CORRUPT_MESSAGE", `record set of ${recordSet.byteLength} bytes is shorter than a batch header`);
  }
  const size = batchSizeAt(recordSet);
  if (size < BATCH_HEADER_BYTES || size > recordSet.byteLength) {
    return reject("CORRUPT_MESSAGE", `batchLength ${size - BATCH_LOG_OVERHEAD} does not match the ${recordSet.byteLength}-byte record set`);
  }
  if (size < recordSet.byteLength) {
    const next = batchSizeAt(recordSet, size);
    // A whole second batch is a client sending several (Kafka: "exactly one record batch");
    // anything else after the first batch is a size field that lies.
    if (next >= BATCH_HEADER_BYTES && next <= recordSet.byteLength - size) {
      return reject("INVALID_RECORD", "produce requests must carry exactly one record batch per partition");
    }
    return reject("CORRUPT_MESSAGE", `batchLength ${size - BATCH_LOG_OVERHEAD} does not match the ${recordSet.byteLength}-byte record set`);
  }
  const header = readBatchHeader(recordSet);
  if (header.magic !== MAGIC_V2) {
    return reject("UNSUPPORTED_FOR_MESSAGE_FORMAT", `record batch magic ${header.magic}; only magic 2 is accepted`);
  }
  if (size > limits.maxBatchBytes) {
    return reject("MESSAGE_TOO_LARGE", `record batch of ${size} bytes exceeds the limit of ${limits.maxBatchBytes}`);
  }
  if (!batchCrcIsValid(recordSet)) return reject("CORRUPT_MESSAGE", "record batch CRC-32C mismatch");
  if (header.baseOffset !== 0) return reject("INVALID_RECORD", `baseOffset ${header.baseOffset}, producers must send 0`);
  if (header.lastOffsetDelta + 1 !== header.recordCount) {
    return reject("INVALID_RECORD", `lastOffsetDelta ${header.lastOffsetDelta} does not match ${header.recordCount} records`);
  }
  if (header.recordCount <= 0) return reject("INVALID_RECORD", `record count ${header.recordCount}`);
  // Not a Kafka header check (Kafka iterates the records): without compression a
  // count that cannot fit the bytes is a lie that would skip offsets, and it is free to see.
  if (compressionOf(header.attributes) === 0 && header.recordCount * MIN_RECORD_BYTES > size - BATCH_HEADER_BYTES) {
    return reject("INVALID_RECORD", `${header.recordCount} records cannot fit in ${size - BATCH_HEADER_BYTES} bytes`);
  }
  if ((header.attributes & Attributes.control) !== 0) return reject("INVALID_RECORD", "producers may not send control batches");
  if (header.producerId >= 0 && header.baseSequence < 0) {
    return reject("INVALID_RECORD", `idempotent producer ${header.producerId} sent baseSequence ${header.baseSequence}`);
  }
  if (compressionOf(header.attributes) > HIGHEST_COMPRESSION_ID) {
    return reject("CORRUPT_MESSAGE", `unknown compression id ${compressionOf(header.attributes)}`);
  }
  return ok(header);
}
