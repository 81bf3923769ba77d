import { writeBatchCrc } from "../batch-crc.js";

/** A copy of `batch` changed through a DataView; the CRC is recomputed unless told not to, so later checks are reached. */
export function mutateBatch(batch: Uint8Array, edit: (view: DataView) => void, options: { fixCrc?: boolean } = {}): Uint8Array {
  const copy = batch.slice();
  edit(new DataView(copy.buffer));
  if (options.fixCrc !== false) writeBatchCrc(copy);
  return copy;
}
