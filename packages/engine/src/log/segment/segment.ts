import type { LogFile } from "../fs/log-file-system.js";
import type { SegmentPaths } from "./segment-files.js";
import { NO_TIMESTAMP, SparseIndex } from "./sparse-index.js";

/**
 * One segment: a file of whole batches plus its in-memory index. `size` counts only bytes
 * whose append completed; a write in flight lies past it and no reader looks there.
 *
 * Readers register with `use()` so that a segment deleted by retention or truncation
 * closes its file only after the reads already under way have finished.
 */
export class Segment {
  size = 0;
  nextOffset: number;
  /** Largest batch maxTimestamp in the segment, NO_TIMESTAMP while none has one. */
  maxTimestamp = NO_TIMESTAMP;
  index = new SparseIndex();
  #readers = 0;
  #closing: Promise<void> | null = null;
  #whenIdle: (() => void) | null = null;

  constructor(
    readonly baseOffset: number,
    readonly paths: SegmentPaths,
    readonly file: LogFile,
    /** When the segment started counting towards segmentMs. */
    public rollStartMs: number,
    private readonly indexIntervalBytes: number,
  ) {
    this.nextOffset = baseOffset;
  }

  get lastOffset(): number {
    return this.nextOffset - 1;
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** Accounts for a batch now stored at `position` (appended or found by recovery). */
  addBatch(position: number, baseOffset: number, lastOffset: number, maxTimestamp: number, size: number): void {
    const count = this.index.count;
    if (count === 0 || position - this.index.positionAt(count - 1) >= this.indexIntervalBytes) {
      this.index.append(baseOffset - this.baseOffset, position, this.maxTimestamp);
    }
    if (maxTimestamp > this.maxTimestamp) this.maxTimestamp = maxTimestamp;
    this.nextOffset = lastOffset + 1;
    this.size = position + size;
  }

  /** Registers a reader; the file stays open until the returned release is called. */
  acquire(): () => void {
    this.#readers += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#readers -= 1;
      if (this.#readers === 0) this.#whenIdle?.();
    };
  }

  /** Runs a read against the file; the file stays open until it finishes. */
  async use<T>(read: (file: LogFile) => Promise<T>): Promise<T> {
    const release = this.acquire();
    try {
      return await read(this.file);
    } finally {
      release();
    }
  }

  /** Closes the file once no read is using it; safe to call more than once. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#readers > 0) await new Promise<void>((resolve) => (this.#whenIdle = resolve));
      await this.file.close();
    })();
    return this.#closing;
  }
}
