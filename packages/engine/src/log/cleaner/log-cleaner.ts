import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import type { CompactionPolicy } from "../config.js";
import { LogError } from "../errors.js";
import type { LogFileSystem } from "../fs/log-file-system.js";
import type { Segment } from "../segment/segment.js";
import { readSegmentBatches } from "../segment/segment-reads.js";
import { cleanBatch } from "./clean-batch.js";
import type { CleanerCheckpoint, CleanerState } from "./cleaner-checkpoint.js";
import { addToOffsetMap, type OffsetMap } from "./offset-map.js";
import { discardCleanedSegment, writeCleanedSegment } from "./segment-swap.js";

/** Bytes read per step when walking a segment's batches. */
const READ_STEP_BYTES = 1024 * 1024;

/** What the cleaner needs of a partition log (PartitionLog provides it). */
export interface CleanerTarget {
  readonly fs: LogFileSystem;
  readonly dir: string;
  readonly indexIntervalBytes: number;
  readonly checkpoint: CleanerCheckpoint;
  /** The segments now, oldest first; the last is the active one. */
  segments(): readonly Segment[];
  /** Saves where the pass stopped, lowered to any offset truncation cut the log to meanwhile. */
  saveState(state: CleanerState): Promise<void>;
  /** Base offset of each producer's last batch in the log. */
  lastBatchOfProducers(): Promise<Map<number, number>>;
  /**
   * Swaps in the cleaned copy of `segment` (on the log's executor), or removes the segment
   * when cleaning `emptied` it; false when the segment changed meanwhile.
   */
  swapCleaned(segment: Segment, expectedSize: number, emptied: boolean): Promise<boolean>;
}

export interface CleanerPass {
  readonly segmentsCleaned: number;
  readonly recordsRemoved: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

/**
 * One pass of Kafka's log cleaner over one partition. Only closed segments are cleaned,
 * and only those whose newest record is older than min.compaction.lag.ms: they end at the
 * first uncleanable offset. The dirty part runs from the checkpoint to there; the pass runs
 * when the dirty share of those bytes reaches min.cleanable.dirty.ratio, when a dirty
 * segment is older than max.compaction.lag.ms, or when a kept tombstone has expired. It
 * maps each key of the dirty part to its latest offset, then rewrites every cleanable
 * segment keeping what `cleanBatch` keeps. Returns null when the log was not due.
 */
export async function cleanLog(target: CleanerTarget, policy: CompactionPolicy, nowMs: number): Promise<CleanerPass | null> {
  const segments = target.segments();
  const closed = segments.slice(0, -1);
  let cleanableCount = 0;
  while (cleanableCount < closed.length && isOldEnough(closed[cleanableCount]!, policy.minCompactionLagMs, nowMs)) cleanableCount += 1;
  const first = segments[0];
  const firstUncleanable = segments[cleanableCount];
  if (cleanableCount === 0 || !first || !firstUncleanable) return null;
  const cleanable = closed.slice(0, cleanableCount);
  const mapEnd = firstUncleanable.baseOffset;

  const state = await target.checkpoint.read();
  const dirtyFrom = Math.max(state.dirtyFrom, first.baseOffset);
  const dirty = cleanable.filter((segment) => segment.nextOffset > dirtyFrom && segment.size > 0);
  const dirtyBytes = dirty.reduce((sum, segment) => sum + segment.size, 0);
  const totalBytes = cleanable.reduce((sum, segment) => sum + segment.size, 0);
  const ratioDue = dirtyBytes > 0 && dirtyBytes / totalBytes >= policy.minCleanableDirtyRatio;
  const lagDue = dirty.some((segment) => segment.maxTimestamp >= 0 && segment.maxTimestamp <= nowMs - policy.maxCompactionLagMs);
  const tombstonesDue = state.tombstoneExpiry !== null && nowMs >= state.tombstoneExpiry;
  if (!ratioDue && !lagDue && !tombstonesDue) return null;

  const map: OffsetMap = new Map();
  for (const segment of dirty) {
    for await (const batch of batchesOf(segment)) await addToOffsetMap(map, batch, dirtyFrom, mapEnd);
  }
  const lastOfProducers = await target.lastBatchOfProducers();
  const pass = { segmentsCleaned: 0, recordsRemoved: 0, bytesBefore: 0, bytesAfter: 0 };
  let tombstoneExpiry: number | null = null;
  for (const segment of cleanable) {
    const sizeBefore = segment.size;
    const kept: { bytes: Uint8Array; baseOffset: number; lastOffset: number; maxTimestamp: number }[] = [];
    let removed = 0;
    let changed = false;
    for await (const batch of batchesOf(segment)) {
      const header = readBatchHeader(batch);
      const cleaned = await cleanBatch(batch, header, { map, nowMs, deleteRetentionMs: policy.deleteRetentionMs, lastOfProducer: lastOfProducers.get(header.producerId) === header.baseOffset });
      if (cleaned.tombstoneExpiry !== null) tombstoneExpiry = Math.min(tombstoneExpiry ?? Infinity, cleaned.tombstoneExpiry);
      removed += cleaned.removedRecords;
      if (cleaned.bytes !== batch) changed = true;
      if (cleaned.bytes) kept.push({ bytes: cleaned.bytes, baseOffset: header.baseOffset, lastOffset: header.baseOffset + header.lastOffsetDelta, maxTimestamp: header.maxTimestamp });
    }
    if (!changed) continue;
    const sizeAfter = await writeCleanedSegment(target.fs, target.dir, segment.baseOffset, kept, target.indexIntervalBytes);
    if (!(await target.swapCleaned(segment, sizeBefore, sizeAfter === 0))) {
      // Retention or truncation changed the log meanwhile: the next pass starts over.
      await discardCleanedSegment(target.fs, target.dir, segment.baseOffset);
      return pass;
    }
    pass.segmentsCleaned += 1;
    pass.recordsRemoved += removed;
    pass.bytesBefore += sizeBefore;
    pass.bytesAfter += sizeAfter;
  }
  const next: CleanerState = { dirtyFrom: Math.max(mapEnd, dirtyFrom), tombstoneExpiry };
  await target.saveState(next);
  return pass;
}

function isOldEnough(segment: Segment, minCompactionLagMs: number, nowMs: number): boolean {
  return minCompactionLagMs === 0 || segment.maxTimestamp <= nowMs - minCompactionLagMs;
}

/** Every whole batch of a closed segment, read a step at a time. */
async function* batchesOf(segment: Segment): AsyncGenerator<Uint8Array> {
  let from = segment.baseOffset;
  for (;;) {
    const read = await readSegmentBatches(segment, from, Number.MAX_SAFE_INTEGER, READ_STEP_BYTES, true);
    if (read.bytes === 0) return;
    for (const chunk of read.chunks) {
      const split = splitBatches(chunk);
      if (split.end !== "complete") throw new LogError("corrupt", `${segment.paths.log}: unreadable batch while cleaning`);
      for (const batch of split.batches) {
        yield batch;
        const header = readBatchHeader(batch);
        from = header.baseOffset + header.lastOffsetDelta + 1;
      }
    }
  }
}
