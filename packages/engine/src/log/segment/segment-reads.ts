import { storedBatchCrcMatches } from "@freshet/protocol/records/batch-crc";
import { BATCH_HEADER_BYTES, Field, readBatchHeader, type BatchHeader } from "@freshet/protocol/records/batch-header";
import { batchShapeAt, dataViewOf, int64At } from "../batch/stored-batch.js";
import { DamagedRangeError } from "../damage/damaged-ranges.js";
import type { Segment } from "./segment.js";

/**
 * Reads inside one segment. Each uses the in-memory index to find where to start, reads
 * the bytes it needs in one positional read, and walks batch boundaries in memory; the
 * batches it returns are views of that buffer (no copy). Only bytes below `segment.size`
 * (appends that completed) are ever looked at.
 */

/** Bytes read per step when walking headers. */
const HEADER_WALK_CHUNK_BYTES = 64 * 1024;

export interface SegmentRead {
  readonly chunks: Uint8Array[];
  readonly bytes: number;
  /** True when the read ended on the budget or on `endOffset`, so later segments have nothing to add. */
  readonly done: boolean;
}

/**
 * Whole batches from the one containing `fromOffset`, stopping before any batch with an
 * offset >= `endOffset` and before exceeding `budget` bytes; the first batch is taken
 * whole regardless of the budget when `mustTakeOne` (KIP-74).
 *
 * Every batch returned is checked (shape, CRC-32C, offsets moving on from the index
 * entry), so damaged bytes are never served. A damaged batch ends the read after the
 * good batches before it; when it is the first one, the read throws a
 * DamagedRangeError covering the offsets that cannot be reached until the next index
 * entry (or the segment end), where walking can start again.
 */
export function readSegmentBatches(segment: Segment, fromOffset: number, endOffset: number, budget: number, mustTakeOne: boolean): Promise<SegmentRead> {
  return segment.use(async (file) => {
    const { index, baseOffset } = segment;
    const visible = segment.size;
    const entry = Math.max(0, index.floorEntryForOffset(fromOffset - baseOffset));
    const start = index.count > 0 ? index.positionAt(entry) : 0;
    // The batch holding endOffset - 1 starts before the first entry at or after endOffset.
    const endEntry = index.floorEntryForOffset(endOffset - baseOffset - 1) + 1;
    const limit = endEntry < index.count ? index.positionAt(endEntry) : visible;
    // The batch holding fromOffset starts before the entry after `entry`.
    const skipBound = entry + 1 < index.count ? index.positionAt(entry + 1) : visible;
    const length = Math.min(limit - start, skipBound - start + Math.max(budget, BATCH_HEADER_BYTES));
    const empty: SegmentRead = { chunks: [], bytes: 0, done: limit < visible };
    if (length <= 0) return empty;

    const buffer = Buffer.allocUnsafe(length);
    const got = await file.read(buffer, start);
    const view = dataViewOf(buffer);
    let at = 0;
    let first = -1;
    let taken = 0;
    let expected = index.count > 0 ? baseOffset + index.relativeOffsetAt(entry) : baseOffset;
    /** `batch`: the damaged batch's last offset and end when its framing is intact, so only that batch is lost. */
    const damaged = (reason: string, batch?: IntactBatch): SegmentRead => {
      if (taken > 0) return result(buffer, first, taken, true);
      throw damagedRange(segment, start + at, expected, reason, batch);
    };
    while (at + BATCH_HEADER_BYTES <= got) {
      const shape = batchShapeAt(view, at, Number.MAX_SAFE_INTEGER);
      if (!shape.ok) return damaged(shape.reason);
      if (start + at + shape.size > visible) return damaged(`batch of ${shape.size} bytes runs past the end of the segment`);
      const batchBase = int64At(view, at + Field.baseOffset);
      // A batch may start after the previous one ends (compaction removes records, as Kafka's
      // cleaner does), never before it.
      if (batchBase < expected) return damaged(`baseOffset ${batchBase}, expected at least ${expected}`);
      const lastOffset = batchBase + view.getInt32(at + Field.lastOffsetDelta);
      if (lastOffset < fromOffset) {
        at += shape.size;
        expected = lastOffset + 1;
        continue;
      }
      if (lastOffset >= endOffset) return result(buffer, first, taken, true);
      if (taken + shape.size > budget) {
        if (taken > 0 || !mustTakeOne) return result(buffer, first, taken, true);
        // KIP-74: an oversized first batch is returned whole, and alone.
        const inBuffer = at + shape.size <= got;
        const whole = inBuffer ? buffer.subarray(at, at + shape.size) : Buffer.allocUnsafe(shape.size);
        if (!inBuffer) {
          const wholeGot = await file.read(whole, start + at);
          if (wholeGot < shape.size) return damaged(`batch cut short after ${wholeGot} of ${shape.size} bytes`);
        }
        if (!storedBatchCrcMatches(whole, 0, shape.size)) return damaged("CRC-32C mismatch", { lastOffset, end: start + at + shape.size });
        return { chunks: [whole], bytes: shape.size, done: true };
      }
      if (at + shape.size > got) break;
      if (!storedBatchCrcMatches(buffer, at, shape.size)) return damaged("CRC-32C mismatch", { lastOffset, end: start + at + shape.size });
      if (first < 0) first = at;
      taken += shape.size;
      at += shape.size;
      expected = lastOffset + 1;
    }
    // Done unless every visible byte was consumed (then the next segment continues the read).
    return result(buffer, first, taken, limit < visible || start + at < visible);
  });
}

/** The first index entry past a damaged `position`: where walking batches can start again, or null. */
function resumePointAfter(segment: Segment, position: number): { offset: number; position: number } | null {
  const { index } = segment;
  for (let entry = 0; entry < index.count; entry++) {
    if (index.positionAt(entry) > position) return { offset: segment.baseOffset + index.relativeOffsetAt(entry), position: index.positionAt(entry) };
  }
  return null;
}

/** A batch whose framing is intact: its last offset and the position just past it. */
interface IntactBatch {
  readonly lastOffset: number;
  readonly end: number;
}

/**
 * The damage at `position` reaches to the next index entry past it (or the segment end),
 * where walking can restart; to the end of the batch only when its framing is intact.
 */
function damagedRange(segment: Segment, position: number, from: number, reason: string, batch?: IntactBatch): DamagedRangeError {
  const resume = resumePointAfter(segment, position) ?? { offset: segment.nextOffset, position: segment.size };
  const end = batch === undefined || batch.lastOffset + 1 >= resume.offset ? resume : { offset: batch.lastOffset + 1, position: batch.end };
  return new DamagedRangeError({ from, to: Math.max(end.offset, from + 1), file: segment.paths.log, position, bytes: Math.max(end.position - position, 0), reason });
}

function result(buffer: Uint8Array, first: number, taken: number, done: boolean): SegmentRead {
  if (first < 0 || taken === 0) return { chunks: [], bytes: 0, done };
  return { chunks: [buffer.subarray(first, first + taken)], bytes: taken, done };
}

/** The first batch in the segment whose maxTimestamp >= `timestamp`, or null. */
export function findBatchByTimestamp(segment: Segment, timestamp: number): Promise<Uint8Array | null> {
  return segment.use(async (file) => {
    const { index } = segment;
    if (index.count === 0) return null;
    const entry = index.lastEntryBeforeTimestamp(timestamp);
    const start = entry >= 0 ? index.positionAt(entry) : 0;
    // Some batch before the next entry has maxTimestamp >= timestamp, so the scan ends there.
    const end = entry + 1 < index.count ? index.positionAt(entry + 1) : segment.size;
    const buffer = Buffer.allocUnsafe(end - start);
    const got = await file.read(buffer, start);
    const view = dataViewOf(buffer);
    let at = 0;
    let expected = segment.baseOffset + (entry >= 0 ? index.relativeOffsetAt(entry) : 0);
    while (at < got) {
      const shape = batchShapeAt(view, at, got);
      if (!shape.ok) throw damagedRange(segment, start + at, expected, shape.reason);
      if (int64At(view, at + Field.maxTimestamp) >= timestamp) return buffer.subarray(at, at + shape.size);
      expected = int64At(view, at + Field.baseOffset) + view.getInt32(at + Field.lastOffsetDelta) + 1;
      at += shape.size;
    }
    return null;
  });
}

/**
 * Headers of the batches from the one containing `fromOffset` to the end of the segment,
 * read ahead in chunks. The segment may grow while this runs; each step looks at its
 * current size. Where a batch's framing is damaged, `onDamage` is told the offsets lost
 * and the walk resumes at the next index entry (without `onDamage`, the walk throws).
 */
export async function* segmentHeaders(segment: Segment, fromOffset: number, onDamage?: (damage: DamagedRangeError) => void): AsyncGenerator<BatchHeader & { position: number }> {
  const release = segment.acquire();
  try {
    const { index } = segment;
    const entry = Math.max(0, index.floorEntryForOffset(fromOffset - segment.baseOffset));
    let position = index.count > 0 ? index.positionAt(entry) : 0;
    let expected = segment.baseOffset + (index.count > 0 ? index.relativeOffsetAt(entry) : 0);
    let buffer = new Uint8Array(0);
    let bufferStart = 0;
    let bufferEnd = 0;
    while (position + BATCH_HEADER_BYTES <= segment.size) {
      if (position < bufferStart || position + BATCH_HEADER_BYTES > bufferEnd) {
        const length = Math.min(HEADER_WALK_CHUNK_BYTES, segment.size - position);
        if (buffer.byteLength < length) buffer = new Uint8Array(HEADER_WALK_CHUNK_BYTES);
        const got = await segment.file.read(buffer.subarray(0, length), position);
        bufferStart = position;
        bufferEnd = position + got;
        if (got < BATCH_HEADER_BYTES) return;
      }
      const at = position - bufferStart;
      const shape = batchShapeAt(dataViewOf(buffer), at, Number.MAX_SAFE_INTEGER);
      const problem = !shape.ok ? shape.reason : position + shape.size > segment.size ? `batch of ${shape.size} bytes runs past the end of the segment` : null;
      if (!shape.ok || problem !== null) {
        const damage = damagedRange(segment, position, expected, problem ?? "unreadable batch");
        if (!onDamage) throw damage;
        onDamage(damage);
        const resume = resumePointAfter(segment, position);
        if (resume === null) return;
        position = resume.position;
        expected = resume.offset;
        continue;
      }
      const header = readBatchHeader(buffer, at);
      if (header.baseOffset + header.lastOffsetDelta >= fromOffset) yield { ...header, position };
      position += shape.size;
      expected = header.baseOffset + header.lastOffsetDelta + 1;
    }
  } finally {
    release();
  }
}
