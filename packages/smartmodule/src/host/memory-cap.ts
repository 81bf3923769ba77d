import { SmartModuleError } from "../errors.js";
import { readLeb as readLebAt, writeLeb } from "../wasm-binary/leb128.js";

/** What a module may use when its host sets no limit. */
export const DEFAULT_MEMORY_LIMIT_BYTES = 128 * 2 ** 20;

const WASM_PAGE = 64 * 1024;
const MEMORY_SECTION = 5;

function readLeb(bytes: Uint8Array, at: number): { value: number; next: number } {
  const read = readLebAt(bytes, at);
  if (read.ok) return read;
  throw new SmartModuleError("invalid-module", read.reason === "truncated" ? "truncated WebAssembly module" : "malformed LEB128 number in WebAssembly module");
}

/**
 * Rewrites the memory section of a core module so every memory it defines has a
 * maximum of at most `maxBytes`. The component defines its own memory, so the
 * host cannot hand it a bounded one; growing past the cap then fails inside the
 * module (it traps) instead of taking the process's memory. Memories the module
 * imports are bounded where they are defined.
 */
export function capMemory(core: Uint8Array, maxBytes: number): Uint8Array<ArrayBuffer> {
  const maxPages = Math.floor(maxBytes / WASM_PAGE);
  if (core.byteLength < 8 || core[0] !== 0x00 || core[1] !== 0x61 || core[2] !== 0x73 || core[3] !== 0x6d) {
    throw new SmartModuleError("invalid-module", "not a WebAssembly core module");
  }
  let cursor = 8;
  while (cursor < core.byteLength) {
    const id = core[cursor]!;
    const size = readLeb(core, cursor + 1);
    const contentAt = size.next;
    const end = contentAt + size.value;
    if (id !== MEMORY_SECTION) {
      cursor = end;
      continue;
    }
    const count = readLeb(core, contentAt);
    const rewritten: number[] = [...writeLeb(count.value)];
    let at = count.next;
    for (let i = 0; i < count.value; i++) {
      const flags = core[at]!;
      if (flags !== 0 && flags !== 1) throw new SmartModuleError("invalid-module", `shared or 64-bit memories are not supported (limits flags ${flags})`);
      const min = readLeb(core, at + 1);
      at = min.next;
      let max = maxPages;
      if (flags === 1) {
        const declared = readLeb(core, at);
        at = declared.next;
        max = Math.min(declared.value, maxPages);
      }
      if (min.value > maxPages) {
        throw new SmartModuleError("invalid-module", `the module needs ${(min.value * WASM_PAGE) / 2 ** 20} MiB of memory at start, more than the ${maxBytes / 2 ** 20} MiB limit`);
      }
      rewritten.push(1, ...writeLeb(min.value), ...writeLeb(max));
    }
    const section = [MEMORY_SECTION, ...writeLeb(rewritten.length), ...rewritten];
    const out = new Uint8Array(cursor + section.length + (core.byteLength - end));
    out.set(core.subarray(0, cursor));
    out.set(section, cursor);
    out.set(core.subarray(end), cursor + section.length);
    return out;
  }
  return core.slice();
}
