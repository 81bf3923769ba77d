import type { Segment } from "./segment.js";
import { segmentHeaders } from "./segment-reads.js";
import { NO_TIMESTAMP } from "./sparse-index.js";

/**
 * Cuts the segment before the batch holding `offset` (batches are never split, so the
 * new end offset is that batch's base offset), fsyncs the cut, and brings the index,
 * end offset and max timestamp back in line with what is left.
 */
export async function truncateSegment(segment: Segment, offset: number): Promise<void> {
  let cut = { position: segment.size, nextOffset: segment.nextOffset };
  for await (const header of segmentHeaders(segment, offset)) {
    cut = { position: header.position, nextOffset: header.baseOffset };
    break;
  }
  await segment.file.truncate(cut.position);
  await segment.file.sync();
  segment.index.truncateToPosition(cut.position);
  segment.size = cut.position;
  segment.nextOffset = cut.nextOffset;
  const last = segment.index.count - 1;
  segment.maxTimestamp = last >= 0 ? segment.index.maxTimestampBeforeAt(last) : NO_TIMESTAMP;
  if (last < 0) return;
  for await (const header of segmentHeaders(segment, segment.baseOffset + segment.index.relativeOffsetAt(last))) {
    segment.maxTimestamp = Math.max(segment.maxTimestamp, header.maxTimestamp);
  }
}
