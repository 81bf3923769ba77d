import { CompressionError } from "../compression/codec.js";
import type { CodecLookup } from "../compression/codec-lookup.js";
import { codecFor } from "../compression/codecs.js";
import { DecodeError } from "../io/decode-error.js";
import { Reader } from "../io/reader.js";
import { err, ok, type Result } from "../result.js";
import { batchCrcIsValid } from "./batch-crc.js";
import { Attributes, BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, MAGIC_V2, batchSizeAt, compressionOf, readBatchHeader, type BatchHeader } from "./batch-header.js";
import { MIN_RECORD_BYTES, readRecord, type Record } from "./record.js";
import type { RecordsError } from "./records-error.js";

export interface DecodedRecord extends Record {
  readonly offset: number;
  /** baseTimestamp + timestampDelta, or the batch's maxTimestamp for LogAppendTime batches. */
  readonly timestamp: number;
}

export interface DecodedBatch {
  readonly header: BatchHeader;
  readonly records: DecodedRecord[];
}

export interface DecodeBatchOptions {
  /** Default true. Consumers may skip it as librdkafka does by default (check.crcs=false). */
  readonly verifyCrc?: boolean;
  /** Cap for the decompressed records section; default DEFAULT_MAX_DECOMPRESSED_BYTES. */
  readonly maxDecompressedBytes?: number;
  readonly codecs?: CodecLookup;
}

/**
 * Decodes exactly one magic-2 batch (use splitBatches for a record set). Keys and
 * values are views into `batch` or into the decompressed section, not copies.
 */
export async function decodeRecordBatch(batch: Uint8Array, options: DecodeBatchOptions = {}): Promise<Result<DecodedBatch, RecordsError>> {
  const size = batchSizeAt(batch);
  if (size < 0 || batch.byteLength < BATCH_HEADER_BYTES) {
    return err({ kind: "truncated", message: `record batch cut at ${batch.byteLength} bytes` });
  }
  if (size < BATCH_HEADER_BYTES) {
    return err({ kind: "corrupt", message: `batchLength ${size - BATCH_LOG_OVERHEAD} is below the header size` });
  }
  if (size > batch.byteLength) {
    return err({ kind: "truncated", message: `record batch of ${size} bytes cut at ${batch.byteLength}` });
  }
  if (size < batch.byteLength) {
    return err({ kind: "corrupt", message: `${batch.byteLength - size} bytes after the record batch` });
  }
  const header = readBatchHeader(batch);
  if (header.magic !== MAGIC_V2) {
    return err({ kind: "unsupported-magic", message: `record batch magic ${header.magic}, only 2 is read`, header });
  }
  if (options.verifyCrc !== false && !batchCrcIsValid(batch)) {
    return err({ kind: "crc-mismatch", message: "record batch CRC-32C mismatch", header });
  }
  if (header.recordCount < 0) {
    return err({ kind: "corrupt", message: `negative record count ${header.recordCount}`, header });
  }
  const codec = (options.codecs ?? codecFor)(compressionOf(header.attributes));
  if (!codec.ok) return err({ kind: "unknown-compression", message: codec.error.message, header });

  let section: Uint8Array;
  try {
    section = await codec.value.decompress(batch.subarray(BATCH_HEADER_BYTES), {
      maxBytes: options.maxDecompressedBytes,
    });
  } catch (cause) {
    const tooLarge = cause instanceof CompressionError && cause.kind === "too-large";
    const message = cause instanceof Error ? cause.message : String(cause);
    return err({ kind: tooLarge ? "too-large" : "decompression-failed", message, header, cause });
  }
  return readRecords(header, section);
}

function readRecords(header: BatchHeader, section: Uint8Array): Result<DecodedBatch, RecordsError> {
  // Checked before the loop so a lying count cannot make us build a huge array.
  if (header.recordCount * MIN_RECORD_BYTES > section.byteLength) {
    return err({
      kind: "corrupt",
      message: `${header.recordCount} records cannot fit in ${section.byteLength} bytes`,
      header,
    });
  }
  const logAppendTime = (header.attributes & Attributes.timestampTypeLogAppend) !== 0;
  const reader = new Reader(section);
  const records: DecodedRecord[] = [];
  try {
    for (let index = 0; index < header.recordCount; index++) {
      const record = readRecord(reader);
      records.push({
        offsetDelta: record.offsetDelta,
        timestampDelta: record.timestampDelta,
        key: record.key,
        value: record.value,
        headers: record.headers,
        offset: header.baseOffset + record.offsetDelta,
        timestamp: logAppendTime ? header.maxTimestamp : header.baseTimestamp + record.timestampDelta,
      });
    }
  } catch (cause) {
    if (!(cause instanceof DecodeError)) throw cause;
    return err({ kind: "corrupt", message: cause.message, header, cause });
  }
  if (reader.remaining !== 0) {
    return err({ kind: "corrupt", message: `${reader.remaining} bytes after the last record`, header });
  }
  return ok({ header, records });
}
