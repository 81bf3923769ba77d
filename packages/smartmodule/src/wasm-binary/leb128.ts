/*
 * Unsigned LEB128, as WebAssembly core modules and components write counts and sizes.
 * The memory cap and the QuickJS export renaming both rewrite sections with it.
 */

export type LebRead = { readonly ok: true; readonly value: number; readonly next: number } | { readonly ok: false; readonly reason: "truncated" | "malformed" };

/** Reads the number at `at`; a u32 takes at most 5 bytes, so a longer one is malformed. */
export function readLeb(bytes: Uint8Array, at: number): LebRead {
  let value = 0;
  let shift = 0;
  let cursor = at;
  for (;;) {
    const byte = bytes[cursor++];
    if (byte === undefined) return { ok: false, reason: "truncated" };
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { ok: true, value, next: cursor };
    shift += 7;
    if (shift > 28) return { ok: false, reason: "malformed" };
  }
}

export function writeLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}
