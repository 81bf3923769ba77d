/**
 * The packed batch: how records cross the WebAssembly boundary, as one buffer per
 * batch. Little-endian throughout; lengths of -1 mean null.
 *
 *   batch  := u32 count, record{count}
 *   record := i64 offset, i64 timestamp, i32 keyLen, key, i32 valueLen, value,
 *             u32 headerCount, header{headerCount}
 *   header := u32 keyLen, key (UTF-8), i32 valueLen, value
 *
 * 64-bit fields are read as two 32-bit halves: offsets and millisecond timestamps
 * stay far below 2^53, and BigInt is slow inside the module's interpreter.
 */
export const NULL_LENGTH = -1;
export const BATCH_HEADER_BYTES = 4;
/** offset + timestamp + key length. */
export const RECORD_FIXED_BYTES = 8 + 8 + 4;

export class PackedFormatError extends Error {
  override readonly name = "PackedFormatError";
}

export function writeInt64(view: DataView, at: number, value: number): void {
  const high = Math.floor(value / 0x1_0000_0000);
  view.setUint32(at, value - high * 0x1_0000_0000, true);
  view.setInt32(at + 4, high, true);
}
