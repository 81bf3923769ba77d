import { batchCrcIsValid } from "@freshet/protocol/records/batch-crc";
import { Field } from "@freshet/protocol/records/batch-header";
import { LogError } from "../errors.js";
import { batchShapeAt, dataViewOf, int64At } from "./stored-batch.js";

/** What the append pipeline needs of a batch a leader already wrote. */
export interface ReplicatedBatch {
  readonly batch: Uint8Array;
  readonly baseOffset: number;
  readonly lastOffsetDelta: number;
  readonly maxTimestamp: number;
}

/**
 * Checks batches received from a leader before any is queued: each element is exactly
 * one magic-2 batch with a valid CRC-32C (the bytes are stored as they are, so this is
 * the same check recovery will apply to them), and each starts at or after the end of the
 * previous one. Whether the first fits the log end can only be known when it is written.
 */
export function checkReplicatedBatches(batches: readonly Uint8Array[]): ReplicatedBatch[] | LogError {
  if (batches.length === 0) return new LogError("invalid-batch", "no batches to append");
  const checked: ReplicatedBatch[] = [];
  for (const [index, batch] of batches.entries()) {
    const view = dataViewOf(batch);
    const shape = batchShapeAt(view, 0, batch.byteLength);
    if (!shape.ok || shape.size !== batch.byteLength) {
      const reason = shape.ok ? `batch is ${shape.size} bytes but ${batch.byteLength} were given` : shape.reason;
      return new LogError("invalid-batch", `replicated batch ${index} is not one magic-2 record batch: ${reason}`);
    }
    if (!batchCrcIsValid(batch)) return new LogError("invalid-batch", `replicated batch ${index}: CRC-32C mismatch`);
    const baseOffset = int64At(view, Field.baseOffset);
    if (!Number.isSafeInteger(baseOffset) || baseOffset < 0) return new LogError("invalid-batch", `replicated batch ${index}: baseOffset ${baseOffset} is impossible`);
    const previous = checked.at(-1);
    // A compacted leader's log has gaps where whole batches were removed: offsets only grow.
    if (previous && baseOffset < previous.baseOffset + previous.lastOffsetDelta + 1) {
      return new LogError("non-contiguous", `replicated batch ${index} starts at ${baseOffset}, before ${previous.baseOffset + previous.lastOffsetDelta + 1} where the previous one ends`);
    }
    checked.push({ batch, baseOffset, lastOffsetDelta: view.getInt32(Field.lastOffsetDelta), maxTimestamp: int64At(view, Field.maxTimestamp) });
  }
  return checked;
}
