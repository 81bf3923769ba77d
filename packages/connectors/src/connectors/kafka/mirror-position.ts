import { z } from "zod";
import type { SourcePosition } from "../../kit/record.js";

/** kafka-source's position: per remote partition (as a string key), the next offset to copy. */
const mirrorPosition = z.record(z.string().regex(/^\d+$/), z.number().int().min(0));

export type MirrorOffsets = Map<number, number>;

/** The stored position as offsets, or null when it is not one this connector wrote. */
export function parseMirrorPosition(position: SourcePosition | undefined): MirrorOffsets | null {
  if (position === undefined) return new Map();
  const parsed = mirrorPosition.safeParse(position);
  if (!parsed.success) return null;
  return new Map(Object.entries(parsed.data).map(([partition, offset]) => [Number(partition), offset]));
}

export function mirrorPositionOf(offsets: MirrorOffsets): SourcePosition {
  return Object.fromEntries([...offsets].map(([partition, offset]) => [partition.toString(), offset]));
}
