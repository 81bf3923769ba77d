import type { BatchHeader } from "./batch-header.js";

/**
 * Why a record batch could not be read. `truncated` is the normal end of a Fetch
 * record set that Kafka cut short; every other kind means the bytes are bad or
 * use something we do not read (magic 0/1).
 */
export type RecordsErrorKind = "truncated" | "corrupt" | "crc-mismatch" | "unsupported-magic" | "unknown-compression" | "decompression-failed" | "too-large";

export interface RecordsError {
  readonly kind: RecordsErrorKind;
  readonly message: string;
  /** Set once the 61-byte header could be read. */
  readonly header?: BatchHeader;
  readonly cause?: unknown;
}
