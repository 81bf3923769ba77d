/*
 * The second half of produce validation (after validateProducedBatch's header and
 * CRC checks): decompress the records section and parse every record, as Kafka's
 * LogValidator does by iterating the batch. A CRC only proves the producer sent
 * these bytes; a batch whose records do not parse would stop every consumer of
 * the partition at its offset, and a count the records do not back would move the
 * partition's offsets by whatever the header claims.
 */
import { CompressionError, DEFAULT_MAX_DECOMPRESSED_BYTES } from "../compression/codec.js";
import type { CodecLookup } from "../compression/codec-lookup.js";
import { codecFor } from "../compression/codecs.js";
import { err, type Result } from "../result.js";
import { BATCH_HEADER_BYTES, compressionOf, type BatchHeader } from "./batch-header.js";
import { scanRecords, type ScannedRecords } from "./scan-records.js";
import type { ProducedBatchRejection } from "./validate-produced-batch.js";

export interface ProducedRecordsOptions {
  /** Cap for the decompressed records section; default DEFAULT_MAX_DECOMPRESSED_BYTES. */
  readonly maxDecompressedBytes?: number;
  readonly codecs?: CodecLookup;
}

export type ProducedRecordsCheck = Result<ScannedRecords, ProducedBatchRejection>;

/**
 * `batch` is one batch that passed validateProducedBatch, `header` its header.
 * Uncompressed records are walked where they lie and answered synchronously, so the
 * common case adds no asynchronous hop before the append; only a codec makes a copy.
 */
export function validateProducedRecords(batch: Uint8Array, header: BatchHeader, options: ProducedRecordsOptions = {}): ProducedRecordsCheck | Promise<ProducedRecordsCheck> {
  const compression = compressionOf(header.attributes);
  if (compression === 0) return checkScan(batch.subarray(BATCH_HEADER_BYTES), header);
  return decompressAndScan(batch.subarray(BATCH_HEADER_BYTES), compression, header, options);
}

async function decompressAndScan(compressed: Uint8Array, compression: number, header: BatchHeader, options: ProducedRecordsOptions): Promise<ProducedRecordsCheck> {
  const codec = (options.codecs ?? codecFor)(compression);
  if (!codec.ok) return err({ errorName: "CORRUPT_MESSAGE", message: codec.error.message });
  let section: Uint8Array;
  try {
    section = await codec.value.decompress(compressed, { maxBytes: options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (cause instanceof CompressionError && cause.kind === "too-large") return err({ errorName: "MESSAGE_TOO_LARGE", message });
    return err({ errorName: "CORRUPT_MESSAGE", message });
  }
  return checkScan(section, header);
}

function checkScan(section: Uint8Array, header: BatchHeader): ProducedRecordsCheck {
  const scanned = scanRecords(section, header);
  return scanned.ok ? scanned : err({ errorName: "CORRUPT_MESSAGE", message: scanned.error });
}
