import { join } from "node:path";
import type { LogFileSystem } from "../fs/log-file-system.js";
import { writeIndexFiles } from "../segment/index-files.js";
import { Segment } from "../segment/segment.js";
import { segmentPaths, type SegmentPaths } from "../segment/segment-files.js";

/**
 * Replacing a segment by its cleaned copy so that a crash at any point leaves either the
 * old segment or the new one, never a mix (Kafka's .cleaned / .swap protocol):
 *   1. the cleaned log and its index files are written as `<name>.cleaned` and fsynced;
 *   2. they are renamed to `<name>.swap`, the log last: an existing `.log.swap` is the
 *      commit point, and the directory is fsynced;
 *   3. each `.swap` is renamed over its segment file, the log last, and the directory fsynced.
 * On open (`recoverCleanerLeftovers`) `.cleaned` files are deleted (not committed), a
 * `.log.swap` is completed with its index files, and index `.swap` files without one deleted.
 */
const CLEANED = ".cleaned";
const SWAP = ".swap";

function withSuffix(paths: SegmentPaths, suffix: string): SegmentPaths {
  return { log: paths.log + suffix, index: paths.index + suffix, timeIndex: paths.timeIndex + suffix };
}

/** Step 1: writes `batches` (whole stored batches, offset order) as the cleaned copy of segment `baseOffset`; returns its size. */
export async function writeCleanedSegment(
  fs: LogFileSystem,
  dir: string,
  baseOffset: number,
  batches: readonly { bytes: Uint8Array; baseOffset: number; lastOffset: number; maxTimestamp: number }[],
  indexIntervalBytes: number,
): Promise<number> {
  const paths = withSuffix(segmentPaths(dir, baseOffset), CLEANED);
  const file = await fs.open(paths.log, "overwrite");
  try {
    // A Segment over the temporary file builds the sparse index exactly as appends do.
    const cleaned = new Segment(baseOffset, paths, file, 0, indexIntervalBytes);
    let position = 0;
    for (const batch of batches) {
      cleaned.addBatch(position, batch.baseOffset, batch.lastOffset, batch.maxTimestamp, batch.bytes.byteLength);
      position += batch.bytes.byteLength;
    }
    if (batches.length > 0)
      await file.writev(
        batches.map((batch) => batch.bytes),
        0,
      );
    await file.sync();
    await writeIndexFiles(fs, cleaned);
    return position;
  } finally {
    await file.close();
  }
}

/** Steps 2 and 3: the cleaned copy replaces segment `baseOffset`. */
export async function swapInCleanedSegment(fs: LogFileSystem, dir: string, baseOffset: number): Promise<void> {
  const final = segmentPaths(dir, baseOffset);
  const cleaned = withSuffix(final, CLEANED);
  const swap = withSuffix(final, SWAP);
  await fs.rename(cleaned.index, swap.index);
  await fs.rename(cleaned.timeIndex, swap.timeIndex);
  await fs.rename(cleaned.log, swap.log);
  await fs.syncDirectory(dir);
  await completeSwap(fs, dir, final);
}

async function completeSwap(fs: LogFileSystem, dir: string, final: SegmentPaths): Promise<void> {
  const swap = withSuffix(final, SWAP);
  if (await fs.stat(swap.index)) await fs.rename(swap.index, final.index);
  if (await fs.stat(swap.timeIndex)) await fs.rename(swap.timeIndex, final.timeIndex);
  await fs.rename(swap.log, final.log);
  await fs.syncDirectory(dir);
}

/** Deletes the cleaned copy of segment `baseOffset` (a pass that gave up before swapping). */
export async function discardCleanedSegment(fs: LogFileSystem, dir: string, baseOffset: number): Promise<void> {
  const cleaned = withSuffix(segmentPaths(dir, baseOffset), CLEANED);
  for (const path of [cleaned.log, cleaned.index, cleaned.timeIndex]) await fs.unlink(path);
}

const LEFTOVER = /^(\d{20})\.(log|index|timeindex)\.(cleaned|swap)$/;

/** Finishes or undoes what a crash interrupted (see the protocol above); returns whether anything changed. */
export async function recoverCleanerLeftovers(fs: LogFileSystem, dir: string, names: readonly string[]): Promise<boolean> {
  const leftovers = names.map((name) => LEFTOVER.exec(name)).filter((match): match is RegExpExecArray => match !== null);
  if (leftovers.length === 0) return false;
  for (const match of leftovers.filter((m) => m[3] === "cleaned")) await fs.unlink(join(dir, match[0]));
  const committed = new Set(leftovers.filter((m) => m[3] === "swap" && m[2] === "log").map((m) => Number(m[1])));
  for (const baseOffset of committed) await completeSwap(fs, dir, segmentPaths(dir, baseOffset));
  for (const match of leftovers.filter((m) => m[3] === "swap" && m[2] !== "log" && !committed.has(Number(m[1])))) await fs.unlink(join(dir, match[0]));
  await fs.syncDirectory(dir);
  return true;
}
