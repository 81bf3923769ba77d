/**
 * The in-memory index of one segment: every entry is a batch (its offset relative to the
 * segment base and its file position) plus the largest batch maxTimestamp *before* it.
 * An entry is taken for the first batch and then for the first batch starting at least
 * `indexIntervalBytes` after the previous entry, so the bytes between two entries (what a
 * lookup scans) stay near the interval. Because the timestamp column only grows, one
 * binary search finds where the first batch with maxTimestamp >= t must lie: after the
 * last entry whose "max before" is < t and before the next one.
 *
 * On disk (written when the segment is closed):
 *   .index      entries of int32 relativeOffset, int32 position (Kafka's layout)
 *   .timeindex  entries of int64 maxTimestampBefore, int32 relativeOffset (same rows)
 * Timestamps are -1 (Kafka's NO_TIMESTAMP) when no batch before has one.
 */
export const OFFSET_ENTRY_BYTES = 8;
export const TIME_ENTRY_BYTES = 12;
export const NO_TIMESTAMP = -1;

export class SparseIndex {
  #relativeOffsets = new Int32Array(64);
  #positions = new Int32Array(64);
  #maxTimestampsBefore = new Float64Array(64);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  relativeOffsetAt(entry: number): number {
    return this.#relativeOffsets[entry] ?? 0;
  }

  positionAt(entry: number): number {
    return this.#positions[entry] ?? 0;
  }

  maxTimestampBeforeAt(entry: number): number {
    return this.#maxTimestampsBefore[entry] ?? NO_TIMESTAMP;
  }

  append(relativeOffset: number, position: number, maxTimestampBefore: number): void {
    if (this.#count === this.#positions.length) this.#grow();
    this.#relativeOffsets[this.#count] = relativeOffset;
    this.#positions[this.#count] = position;
    this.#maxTimestampsBefore[this.#count] = maxTimestampBefore;
    this.#count += 1;
  }

  /** The last entry whose batch starts at or before `relativeOffset`; -1 if none. */
  floorEntryForOffset(relativeOffset: number): number {
    return this.#lastWhere((entry) => this.relativeOffsetAt(entry) <= relativeOffset);
  }

  /** The last entry all of whose preceding batches have maxTimestamp < `timestamp`; -1 if none. */
  lastEntryBeforeTimestamp(timestamp: number): number {
    return this.#lastWhere((entry) => this.maxTimestampBeforeAt(entry) < timestamp);
  }

  /** Drops the entries for batches at or after `position`. */
  truncateToPosition(position: number): void {
    this.#count = this.#lastWhere((entry) => this.positionAt(entry) < position) + 1;
  }

  encodeOffsetIndex(): Uint8Array {
    const bytes = new Uint8Array(this.#count * OFFSET_ENTRY_BYTES);
    const view = new DataView(bytes.buffer);
    for (let entry = 0; entry < this.#count; entry++) {
      view.setInt32(entry * OFFSET_ENTRY_BYTES, this.relativeOffsetAt(entry));
      view.setInt32(entry * OFFSET_ENTRY_BYTES + 4, this.positionAt(entry));
    }
    return bytes;
  }

  encodeTimeIndex(): Uint8Array {
    const bytes = new Uint8Array(this.#count * TIME_ENTRY_BYTES);
    const view = new DataView(bytes.buffer);
    for (let entry = 0; entry < this.#count; entry++) {
      view.setBigInt64(entry * TIME_ENTRY_BYTES, BigInt(this.maxTimestampBeforeAt(entry)));
      view.setInt32(entry * TIME_ENTRY_BYTES + 8, this.relativeOffsetAt(entry));
    }
    return bytes;
  }

  /**
   * Rebuilds an index from its two files, or explains why they cannot be trusted. Checks
   * what is cheap: matching rows, first entry at (0, 0), strictly increasing offsets and
   * positions inside the log file, non-decreasing timestamps.
   */
  static decode(offsetIndex: Uint8Array, timeIndex: Uint8Array, logBytes: number): SparseIndex | string {
    if (offsetIndex.byteLength % OFFSET_ENTRY_BYTES !== 0) return `offset index length ${offsetIndex.byteLength} is not a multiple of ${OFFSET_ENTRY_BYTES}`;
    const count = offsetIndex.byteLength / OFFSET_ENTRY_BYTES;
    if (timeIndex.byteLength !== count * TIME_ENTRY_BYTES) return `time index has ${timeIndex.byteLength} bytes for ${count} offset entries`;
    if (count === 0) return "index is empty";
    const offsets = new DataView(offsetIndex.buffer, offsetIndex.byteOffset, offsetIndex.byteLength);
    const times = new DataView(timeIndex.buffer, timeIndex.byteOffset, timeIndex.byteLength);
    const index = new SparseIndex();
    for (let entry = 0; entry < count; entry++) {
      const relativeOffset = offsets.getInt32(entry * OFFSET_ENTRY_BYTES);
      const position = offsets.getInt32(entry * OFFSET_ENTRY_BYTES + 4);
      const timestamp = Number(times.getBigInt64(entry * TIME_ENTRY_BYTES));
      if (times.getInt32(entry * TIME_ENTRY_BYTES + 8) !== relativeOffset) return `entry ${entry}: time and offset index disagree`;
      // A compacted segment's first batch may start past the segment's base offset.
      if (entry === 0 && (relativeOffset < 0 || position !== 0)) return "first entry is not at position 0";
      if (entry > 0) {
        const previous = entry - 1;
        if (relativeOffset <= index.relativeOffsetAt(previous) || position <= index.positionAt(previous)) return `entry ${entry} does not increase`;
        if (timestamp < index.maxTimestampBeforeAt(previous)) return `entry ${entry}: timestamp goes backwards`;
      }
      if (position >= logBytes) return `entry ${entry}: position ${position} beyond log size ${logBytes}`;
      index.append(relativeOffset, position, timestamp);
    }
    return index;
  }

  #grow(): void {
    const capacity = this.#positions.length * 2;
    const relativeOffsets = new Int32Array(capacity);
    const positions = new Int32Array(capacity);
    const timestamps = new Float64Array(capacity);
    relativeOffsets.set(this.#relativeOffsets);
    positions.set(this.#positions);
    timestamps.set(this.#maxTimestampsBefore);
    this.#relativeOffsets = relativeOffsets;
    this.#positions = positions;
    this.#maxTimestampsBefore = timestamps;
  }

  /** Binary search for the last entry satisfying a predicate that is true for a prefix. */
  #lastWhere(predicate: (entry: number) => boolean): number {
    let low = 0;
    let high = this.#count - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (predicate(middle)) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}
