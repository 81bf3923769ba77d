import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import type { PartitionLog } from "../partition-log.js";
import { testBatch } from "./test-batches.js";

/** Appends one batch of `count` records per entry of `epochs`, stamped with that leader epoch, as a leader would. */
export async function appendEpochs(log: PartitionLog, epochs: readonly number[], count = 2, valueBytes = 60): Promise<void> {
  for (const [index, epoch] of epochs.entries()) {
    await log.append(await testBatch({ count, valueBytes, fill: index % 251 }), epoch);
  }
}

/**
 * Copies of the stored batches holding offsets [from, to), as a follower's fetch
 * would receive them (the log hands out views of its read buffers).
 */
export async function storedBatches(log: PartitionLog, from = log.logStartOffset, to = log.logEndOffset): Promise<Uint8Array[]> {
  if (from >= to) return [];
  const read = await log.read(from, 1 << 26, to, true);
  return read.chunks.flatMap((chunk) => splitBatches(chunk).batches.map((batch) => batch.slice()));
}

/** All stored bytes of a log, back to back. */
export async function logBytes(log: PartitionLog): Promise<Buffer> {
  return Buffer.concat(await storedBatches(log));
}

export function baseOffsets(batches: readonly Uint8Array[]): number[] {
  return batches.map((batch) => readBatchHeader(batch).baseOffset);
}
