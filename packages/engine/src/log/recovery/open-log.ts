import { dirname, join } from "node:path";
import type { BatchHeader } from "@freshet/protocol/records/batch-header";
import { LogError } from "../errors.js";
import type { Segment } from "../segment/segment.js";
import { recoverCleanerLeftovers } from "../cleaner/segment-swap.js";
import { parseSegmentFileName } from "../segment/segment-files.js";
import type { DamagedRange } from "../damage/damaged-ranges.js";
import { createSegment, openClosedSegment, recoverActiveSegment, type ClosedSegment, type SegmentLoadContext } from "./load-segments.js";

/**
 * Brings a partition directory back into a consistent set of segments: every closed
 * segment checked cheaply, the active one scanned and its torn tail cut (see
 * load-segments.ts), index files left behind by an interrupted deletion removed, and a
 * first segment at offset 0 created for a new partition. `onActiveBatch` sees the batches
 * kept in the active segment, the only one read in full. Segment base offsets must not
 * overlap the previous segment's batches; that would mean files from another log.
 *
 * Offsets no segment serves between two segments are damage, returned as ranges: the
 * rest of a closed segment that failed its checks, or a segment file that is missing
 * (retention only ever removes the oldest segment and truncation the newest, so a hole
 * in the middle is never their doing).
 */
export async function openSegments(context: SegmentLoadContext, onActiveBatch?: (header: BatchHeader) => void, cleanedBelow = 0): Promise<OpenedSegments> {
  const { fs, dir } = context;
  await fs.mkdir(dir);
  const logs = new Set<number>();
  const indexFiles: { baseOffset: number; name: string }[] = [];
  let names = await fs.readdir(dir);
  if (await recoverCleanerLeftovers(fs, dir, names)) {
    context.logger.warn({ dir }, "finished or undid a log cleaning interrupted by a crash");
    names = await fs.readdir(dir);
  }
  for (const name of names) {
    const parsed = parseSegmentFileName(name);
    if (parsed?.kind === "log") logs.add(parsed.baseOffset);
    else if (parsed) indexFiles.push({ baseOffset: parsed.baseOffset, name });
  }
  // Deletion unlinks the .log first, so index files without one are leftovers.
  for (const orphan of indexFiles.filter((file) => !logs.has(file.baseOffset))) await fs.unlink(join(dir, orphan.name));

  const baseOffsets = [...logs].sort((a, b) => a - b);
  const segments: Segment[] = [];
  const damaged: DamagedRange[] = [];
  let previousDamage: ClosedSegment["damage"] = null;
  try {
    for (const [position, baseOffset] of baseOffsets.entries()) {
      const previous = segments.at(-1);
      if (previous && baseOffset < previous.nextOffset) {
        throw new LogError("corrupt", `segment ${baseOffset} in ${dir} overlaps the previous one, which ends at offset ${previous.nextOffset}`);
      }
      // Below the cleaner's checkpoint, offsets between segments are records compaction removed, not lost data.
      const compacted = previousDamage === null && baseOffset <= cleanedBelow;
      if (previous && baseOffset > previous.nextOffset && !compacted) damaged.push(hole(previous, baseOffset, previousDamage, dir));
      else if (previous && previousDamage) {
        context.logger.warn({ file: previous.paths.log, position: previousDamage.position, reason: previousDamage.reason }, "ignoring bytes after the last batch of a closed segment");
      }
      const isActive = position === baseOffsets.length - 1;
      if (isActive) {
        segments.push(await recoverActiveSegment(context, baseOffset, onActiveBatch));
      } else {
        const closed = await openClosedSegment(context, baseOffset);
        segments.push(closed.segment);
        previousDamage = closed.damage;
      }
    }
    if (segments.length === 0) {
      segments.push(await createSegment(context, 0));
      await fs.syncDirectory(dir);
      await fs.syncDirectory(dirname(dir));
    }
  } catch (error) {
    await Promise.allSettled(segments.map((segment) => segment.close()));
    throw error;
  }
  return { segments, damaged };
}

export interface OpenedSegments {
  readonly segments: Segment[];
  readonly damaged: DamagedRange[];
}

function hole(previous: Segment, nextBase: number, damage: ClosedSegment["damage"], dir: string): DamagedRange {
  const range = { from: previous.nextOffset, to: nextBase };
  if (damage) return { ...range, file: previous.paths.log, position: damage.position, bytes: damage.bytes, reason: damage.reason };
  return { ...range, file: dir, position: -1, bytes: 0, reason: "no segment file holds these offsets (a segment file is missing)" };
}
