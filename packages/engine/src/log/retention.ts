import type { Segment } from "./segment/segment.js";

/**
 * Which of the oldest segments retention deletes, as Kafka decides it: only closed
 * segments (never the active one), only a prefix (the log stays contiguous), by time —
 * while a segment's newest record is older than `retentionMs` — and by size — while the
 * log would still hold at least `retentionBytes` without the segment.
 */
export interface RetentionPolicy {
  readonly retentionMs: number | null;
  readonly retentionBytes: number | null;
}

/**
 * @param newestRecordMs the time a segment's newest record counts as written: its largest
 *   batch timestamp, or the file's modification time when no batch carries one.
 */
export async function segmentsToDelete(segments: readonly Segment[], policy: RetentionPolicy, nowMs: number, newestRecordMs: (segment: Segment) => Promise<number>): Promise<number> {
  const closed = segments.slice(0, -1);
  let byTime = 0;
  if (policy.retentionMs !== null) {
    const cutoff = nowMs - policy.retentionMs;
    while (byTime < closed.length) {
      const segment = closed[byTime];
      if (!segment || (await newestRecordMs(segment)) >= cutoff) break;
      byTime += 1;
    }
  }
  let bySize = 0;
  if (policy.retentionBytes !== null) {
    let remaining = segments.reduce((total, segment) => total + segment.size, 0);
    for (const segment of closed) {
      if (remaining - segment.size < policy.retentionBytes) break;
      remaining -= segment.size;
      bySize += 1;
    }
  }
  return Math.max(byTime, bySize);
}
