import type { SmartRecord } from "@freshet/smartmodule/record";

/** Source records read in one step, and the source offset to read next. */
export interface SourceChunk {
  readonly records: readonly SmartRecord[];
  /**
   * Past the last batch read, which may be beyond the last record returned (records
   * before the start position are cut from a batch; control batches carry none).
   */
  readonly end: number;
}

/**
 * Reads one source partition's committed records (up to its high watermark) from a
 * position on, wherever the partition is led: from the local log or from the leader
 * over the Kafka protocol. A reader belongs to one run of a derivation task.
 */
export interface SourceReader {
  /** The next records; null when none came within a short wait (so callers re-check whether to go on). */
  next(): Promise<SourceChunk | null>;
  /** Releases what the reader holds; safe to call twice. */
  close(): void;
}

/** Opens a reader at source offset `from`; aborting `signal` ends any wait in `next()`. */
export type OpenSourceReader = (from: number, signal: AbortSignal) => SourceReader;

/** How long `next()` waits for the source to grow before answering null. */
export const SOURCE_IDLE_WAIT_MS = 1000;
/** Source bytes read per step; the first batch is read whole whatever its size. */
export const SOURCE_READ_BYTES = 1024 * 1024;
