import { join } from "node:path";

/**
 * Segment files are named by the base offset of their first batch, 20 digits zero
 * padded as Kafka does, so a directory listing sorts in offset order:
 * 00000000000000000000.log, .index (offset → position), .timeindex (time → offset).
 */
export const LOG_SUFFIX = ".log";
export const INDEX_SUFFIX = ".index";
export const TIME_INDEX_SUFFIX = ".timeindex";

const NAME = /^(\d{20})\.(log|index|timeindex)$/;

export interface SegmentPaths {
  readonly log: string;
  readonly index: string;
  readonly timeIndex: string;
}

export function segmentPaths(dir: string, baseOffset: number): SegmentPaths {
  const stem = join(dir, String(baseOffset).padStart(20, "0"));
  return { log: stem + LOG_SUFFIX, index: stem + INDEX_SUFFIX, timeIndex: stem + TIME_INDEX_SUFFIX };
}

export interface SegmentFileName {
  readonly baseOffset: number;
  readonly kind: "log" | "index" | "timeindex";
}

/** Parses a segment file name; null for anything else in the directory. */
export function parseSegmentFileName(name: string): SegmentFileName | null {
  const match = NAME.exec(name);
  if (!match?.[1] || !match[2]) return null;
  const baseOffset = Number(match[1]);
  if (!Number.isSafeInteger(baseOffset)) return null;
  return { baseOffset, kind: match[2] as SegmentFileName["kind"] };
}
