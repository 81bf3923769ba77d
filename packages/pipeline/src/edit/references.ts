import { isScalar, isSeq } from "yaml";
import type { ReferenceSlot } from "./pipeline-document.js";

/** Points every mention of `id` in the slot at `newId`, changing scalars in place so their comments and quoting stay. */
export function renameInSlot(slot: ReferenceSlot, id: string, newId: string): void {
  const value: unknown = slot.holder.get(slot.key, true);
  const scalars = isScalar(value) ? [value] : isSeq(value) ? value.items.filter(isScalar) : [];
  for (const scalar of scalars) if (scalar.value === id) scalar.value = newId;
}

/** Removes every mention of `id` from the slot; a field left naming nothing is removed (the node then shows as unconnected). */
export function dropFromSlot(slot: ReferenceSlot, id: string): boolean {
  const value: unknown = slot.holder.get(slot.key, true);
  if (isScalar(value)) {
    if (value.value !== id) return false;
    slot.holder.delete(slot.key);
    return true;
  }
  if (!isSeq(value)) return false;
  const kept = value.items.filter((item) => !(isScalar(item) && item.value === id));
  if (kept.length === value.items.length) return false;
  if (kept.length === 0) slot.holder.delete(slot.key);
  else value.items = kept;
  return true;
}
