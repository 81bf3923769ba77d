import type { BatchHeader } from "@freshet/protocol/records/batch-header";
import type { Clock } from "../../system/clock.js";
import type { Logger } from "../../system/logger.js";
import type { LogFileSystem } from "../fs/log-file-system.js";
import { readIndexFiles } from "../segment/index-files.js";
import { Segment } from "../segment/segment.js";
import { segmentPaths } from "../segment/segment-files.js";
import { scanBatches } from "./scan-batches.js";

/**
 * Opening segments after a restart, clean or not.
 *
 * What is validated, and why:
 * - The last (active) segment is read in full and every batch checked (shape, CRC-32C,
 *   contiguous offsets); the first bad byte and everything after it is cut off. Only this
 *   segment can have a torn tail: appends go nowhere else, and every earlier segment was
 *   fsynced (data and index files) before its successor was created.
 * - Closed segments are not re-read in full: that would read the whole partition on every
 *   start (minutes for a large log, the cost Redpanda hit at 20 k partitions). Their index
 *   files are loaded and checked for consistency, and the batches from the last index entry
 *   to the end of the file are fully checked. That proves the file ends on a batch boundary
 *   with the expected offsets and yields the segment's end offset and max timestamp. A bad
 *   index file is rebuilt by a full scan. A closed segment that still fails is corruption,
 *   not a torn write: nothing is cut (the bytes stay on disk for repair); the segment
 *   serves the batches before the damage and the caller fences the offsets after it as a
 *   damaged range, so one bad file costs its own offsets, not the partition or the broker.
 */
export interface SegmentLoadContext {
  readonly fs: LogFileSystem;
  readonly dir: string;
  readonly indexIntervalBytes: number;
  readonly logger: Logger;
  readonly clock: Clock;
}

function newSegment(context: SegmentLoadContext, baseOffset: number, file: Segment["file"]): Segment {
  return new Segment(baseOffset, segmentPaths(context.dir, baseOffset), file, context.clock.now(), context.indexIntervalBytes);
}

export interface ClosedSegment {
  /** Covers the batches before the damage only, when there is damage. */
  readonly segment: Segment;
  /** Where the checks failed and how many bytes of the file lie from there on. */
  readonly damage: { readonly position: number; readonly bytes: number; readonly reason: string } | null;
}

export async function openClosedSegment(context: SegmentLoadContext, baseOffset: number): Promise<ClosedSegment> {
  const paths = segmentPaths(context.dir, baseOffset);
  const file = await context.fs.open(paths.log, "readWrite");
  const size = await file.size();
  const stored = await readIndexFiles(context.fs, paths, size);
  const segment = newSegment(context, baseOffset, file);
  let start = { position: 0, expectedOffset: baseOffset };
  if (typeof stored === "string") {
    if (size > 0) context.logger.warn({ file: paths.log, reason: stored }, "rebuilding segment index from the log");
  } else {
    const last = stored.count - 1;
    segment.index = stored;
    segment.maxTimestamp = stored.maxTimestampBeforeAt(last);
    start = { position: stored.positionAt(last), expectedOffset: baseOffset + stored.relativeOffsetAt(last) };
  }
  const scan = await scanBatches(file, start, size, (header, position, batchSize) =>
    segment.addBatch(position, header.baseOffset, header.baseOffset + header.lastOffsetDelta, header.maxTimestamp, batchSize),
  );
  return { segment, damage: scan.failure && { ...scan.failure, bytes: size - scan.failure.position } };
}

/** `onBatch` sees every batch kept, in offset order (the leader-epoch cache is derived from them). */
export async function recoverActiveSegment(context: SegmentLoadContext, baseOffset: number, onBatch?: (header: BatchHeader) => void): Promise<Segment> {
  const paths = segmentPaths(context.dir, baseOffset);
  const file = await context.fs.open(paths.log, "readWrite");
  const size = await file.size();
  const segment = newSegment(context, baseOffset, file);
  const first = { seen: false, timestamp: 0 };
  const scan = await scanBatches(file, { position: 0, expectedOffset: baseOffset }, size, (header, position, batchSize) => {
    if (!first.seen) Object.assign(first, { seen: true, timestamp: header.maxTimestamp });
    segment.addBatch(position, header.baseOffset, header.baseOffset + header.lastOffsetDelta, header.maxTimestamp, batchSize);
    onBatch?.(header);
  });
  if (scan.failure) {
    context.logger.warn({ file: paths.log, position: scan.failure.position, bytes: size - scan.failure.position, reason: scan.failure.reason }, "truncated torn or corrupt log tail");
    await file.truncate(scan.validEnd);
    await file.sync();
  }
  // Age for segmentMs counts from the first batch's timestamp (as Kafka does), so restarts
  // do not postpone a roll forever; a missing or future timestamp falls back to now.
  const now = context.clock.now();
  if (first.seen && first.timestamp >= 0 && first.timestamp <= now) segment.rollStartMs = first.timestamp;
  return segment;
}

/** A fresh, empty active segment; the caller fsyncs the directory. */
export async function createSegment(context: SegmentLoadContext, baseOffset: number): Promise<Segment> {
  const paths = segmentPaths(context.dir, baseOffset);
  const file = await context.fs.open(paths.log, "overwrite");
  return newSegment(context, baseOffset, file);
}
