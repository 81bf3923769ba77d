import { readdir, readFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BATCH_HEADER_BYTES, readBatchHeader } from "@freshet/protocol/records/batch-header";
import { splitBatches } from "@freshet/protocol/records/split-batches";

/**
 * White-box access to one replica's partition directory
 * (`<data-dir>/topics/<topic>-<partition>/<base offset>.log`), for corrupting a
 * stopped replica and for comparing replicas batch by batch.
 */
export function partitionDir(dataDir: string, topic: string, partition: number): string {
  return join(dataDir, "topics", `${topic}-${partition}`);
}

/** The segment appends go to: the one with the highest base offset (names are zero-padded). */
export async function activeSegment(dir: string): Promise<string> {
  const logs = (await readdir(dir)).filter((name) => name.endsWith(".log")).sort();
  const last = logs.at(-1);
  if (last === undefined) throw new Error(`no .log file in ${dir}`);
  return join(dir, last);
}

export interface StoredBatch {
  readonly position: number;
  readonly size: number;
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly leaderEpoch: number;
  readonly crc: number;
}

/** The whole batches of a segment file, in file order. */
export async function storedBatches(segment: string): Promise<StoredBatch[]> {
  const bytes = new Uint8Array(await readFile(segment));
  let position = 0;
  return splitBatches(bytes).batches.map((batch) => {
    const header = readBatchHeader(batch);
    const stored = {
      position,
      size: batch.byteLength,
      baseOffset: header.baseOffset,
      lastOffset: header.baseOffset + header.lastOffsetDelta,
      leaderEpoch: header.partitionLeaderEpoch,
      crc: header.crc,
    };
    position += batch.byteLength;
    return stored;
  });
}

/** One line per batch, "base-last@epoch#crc": equal strings mean replicas hold the same batches. */
export async function batchFingerprint(dir: string): Promise<string[]> {
  const segments = (await readdir(dir)).filter((name) => name.endsWith(".log")).sort();
  const lines: string[] = [];
  for (const segment of segments) {
    for (const b of await storedBatches(join(dir, segment))) lines.push(`${b.baseOffset}-${b.lastOffset}@${b.leaderEpoch}#${b.crc}`);
  }
  return lines;
}

export type Corruption = "truncate mid-batch" | "flip bytes in the last batch";

/**
 * Damages the active segment's tail the way a crash or a bad disk would;
 * returns the first offset no longer intact (everything from it must be re-fetched).
 * - truncate: cuts the file in the middle of the batch `batchesBack` from the end,
 *   losing it and every later batch (a torn multi-batch write).
 * - flip: inverts 4 bytes inside the last batch's records, after its header, so
 *   only its CRC-32C can tell.
 */
export async function corruptTail(segment: string, corruption: Corruption, batchesBack = 5): Promise<number> {
  const batches = await storedBatches(segment);
  if (batches.length === 0) throw new Error(`${segment} holds no batch to corrupt`);
  if (corruption === "truncate mid-batch") {
    const victim = batches[Math.max(0, batches.length - batchesBack)]!;
    await truncate(segment, victim.position + Math.floor(victim.size / 2));
    return victim.baseOffset;
  }
  const victim = batches.at(-1)!;
  const bytes = new Uint8Array(await readFile(segment));
  const at = victim.position + BATCH_HEADER_BYTES + Math.floor((victim.size - BATCH_HEADER_BYTES) / 2);
  for (let i = at; i < Math.min(at + 4, victim.position + victim.size); i++) bytes[i] = bytes[i]! ^ 0xff;
  await writeFile(segment, bytes);
  return victim.baseOffset;
}
