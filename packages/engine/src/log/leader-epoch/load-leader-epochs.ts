import type { BatchHeader } from "@freshet/protocol/records/batch-header";
import type { SegmentLoadContext } from "../recovery/load-segments.js";
import type { Segment } from "../segment/segment.js";
import { segmentHeaders } from "../segment/segment-reads.js";
import type { LeaderEpochCheckpoint } from "./epoch-checkpoint.js";
import { LeaderEpochCache, type LeaderEpochEntry } from "./leader-epoch-cache.js";

/**
 * Collects the epoch changes of batches seen in offset order: one entry per batch whose
 * (non-negative) epoch differs from the previous such batch. Replaying these through
 * `LeaderEpochCache.assign` gives the same cache as replaying every batch, since a batch
 * of the latest epoch changes nothing.
 */
export class EpochChanges {
  readonly entries: LeaderEpochEntry[] = [];
  #last = -1;

  observe(header: Pick<BatchHeader, "partitionLeaderEpoch" | "baseOffset">): void {
    const epoch = header.partitionLeaderEpoch;
    if (epoch < 0 || epoch === this.#last) return;
    this.entries.push({ epoch, startOffset: header.baseOffset });
    this.#last = epoch;
  }
}

/**
 * Rebuilds the cache when a log opens: the checkpoint's entries below the active segment
 * (see epoch-checkpoint.ts), cut at the log start as retention would have cut them, then
 * the epoch changes the recovery scan of the active segment saw. When closed segments
 * exist but the checkpoint is missing (a log written before it existed) or unreadable,
 * their batch headers are read once to rebuild it, and it is written back.
 */
export async function loadLeaderEpochs(
  context: SegmentLoadContext,
  segments: readonly Segment[],
  checkpoint: LeaderEpochCheckpoint,
  activeChanges: readonly LeaderEpochEntry[],
): Promise<LeaderEpochCache> {
  const cache = new LeaderEpochCache();
  const closed = segments.slice(0, -1);
  const active = segments.at(-1);
  const first = segments[0];
  if (first && active && closed.length > 0) {
    const stored = await checkpoint.read();
    let entries: readonly LeaderEpochEntry[];
    if (stored.kind === "found") {
      entries = stored.entries.filter((entry) => entry.startOffset < active.baseOffset);
    } else {
      const fields = { dir: context.dir, closedSegments: closed.length };
      if (stored.kind === "invalid") context.logger.warn({ ...fields, reason: stored.reason }, "rebuilding the leader epoch checkpoint from the closed segments");
      else context.logger.info(fields, "no leader epoch checkpoint; building it from the closed segments");
      const changes = new EpochChanges();
      for (const segment of closed) for await (const header of segmentHeaders(segment, segment.baseOffset)) changes.observe(header);
      entries = changes.entries;
      const rebuilt = new LeaderEpochCache();
      for (const entry of entries) rebuilt.assign(entry.epoch, entry.startOffset);
      await checkpoint.save(rebuilt.entries);
    }
    for (const entry of entries) cache.assign(entry.epoch, entry.startOffset);
    cache.truncateFromStart(first.baseOffset);
  }
  for (const entry of activeChanges) cache.assign(entry.epoch, entry.startOffset);
  return cache;
}
