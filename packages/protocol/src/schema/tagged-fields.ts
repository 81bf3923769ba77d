import type { Reader } from "../io/reader.js";

/** Tagged fields we do not know are skipped by their declared size, bounded by the frame. */
export function skipTaggedFields(reader: Reader): void {
  const count = reader.uvarint();
  for (let i = 0; i < count; i++) {
    reader.uvarint();
    reader.skip(reader.uvarint());
  }
}
