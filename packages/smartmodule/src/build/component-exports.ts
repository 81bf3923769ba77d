/**
 * Renames top-level exports of a WebAssembly component in its binary, leaving every
 * other byte as it was. Export names do not take part in a component's indices or
 * types, so a renamed component stays valid.
 */
import { readLeb as readLebAt, writeLeb } from "../wasm-binary/leb128.js";

const COMPONENT_PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
const EXPORT_SECTION = 11;
/** `sort` bytes (component binary format): 0x00 is followed by a core sort byte. */
const CORE_SORT = 0x00;

export class ComponentFormatError extends Error {
  override readonly name = "ComponentFormatError";
}

function readLeb(bytes: Uint8Array, at: number): { value: number; next: number } {
  const read = readLebAt(bytes, at);
  if (!read.ok) throw new ComponentFormatError("truncated or malformed component");
  return read;
}

/** Rewrites one export section, renaming the exports `renames` names; returns its new content. */
function renameIn(content: Uint8Array, renames: ReadonlyMap<string, string>, renamed: Set<string>): number[] {
  const count = readLeb(content, 0);
  const out = [...writeLeb(count.value)];
  let at = count.next;
  for (let i = 0; i < count.value; i++) {
    const tag = content[at];
    // 0x00: plain name; 0x01: name with a version suffix (a length-prefixed string after it).
    if (tag !== 0x00 && tag !== 0x01) throw new ComponentFormatError(`unknown export name form ${String(tag)}`);
    const length = readLeb(content, at + 1);
    const name = new TextDecoder().decode(content.subarray(length.next, length.next + length.value));
    const to = renames.get(name);
    if (to !== undefined) renamed.add(name);
    const encoded = new TextEncoder().encode(to ?? name);
    out.push(tag, ...writeLeb(encoded.byteLength), ...encoded);
    let cursor = length.next + length.value;
    if (tag === 0x01) {
      const version = readLeb(content, cursor);
      cursor = version.next + version.value;
    }
    const rest = cursor;
    // sortidx, then an optional externdesc (0x00: none; 0x01: a kind byte, a core sort or bound byte for some kinds, an index).
    if (content[cursor++] === CORE_SORT) cursor++;
    cursor = readLeb(content, cursor).next;
    if (content[cursor++] === 0x01) {
      const kind = content[cursor++];
      if (kind === 0x00) cursor++;
      if (kind === 0x03 && content[cursor++] === 0x01) {
        out.push(...content.subarray(rest, cursor));
        at = cursor;
        continue;
      }
      cursor = readLeb(content, cursor).next;
    }
    out.push(...content.subarray(rest, cursor));
    at = cursor;
  }
  if (at !== content.byteLength) throw new ComponentFormatError("export section has trailing bytes");
  return out;
}

/** `component` with its top-level exports renamed (`from` -> `to`); throws when one of them is missing. */
export function renameComponentExports(component: Uint8Array, renames: Readonly<Record<string, string>>): Uint8Array {
  if (!COMPONENT_PREAMBLE.every((byte, i) => component[i] === byte)) throw new ComponentFormatError("not a WebAssembly component");
  const wanted = new Map(Object.entries(renames));
  const renamed = new Set<string>();
  const parts: Uint8Array[] = [component.subarray(0, COMPONENT_PREAMBLE.length)];
  let cursor = COMPONENT_PREAMBLE.length;
  while (cursor < component.byteLength) {
    const id = component[cursor]!;
    const size = readLeb(component, cursor + 1);
    const end = size.next + size.value;
    if (end > component.byteLength) throw new ComponentFormatError("truncated component");
    if (id === EXPORT_SECTION) {
      const content = renameIn(component.subarray(size.next, end), wanted, renamed);
      parts.push(new Uint8Array([EXPORT_SECTION, ...writeLeb(content.length), ...content]));
    } else {
      parts.push(component.subarray(cursor, end));
    }
    cursor = end;
  }
  const missing = [...wanted.keys()].filter((name) => !renamed.has(name));
  if (missing.length > 0) throw new ComponentFormatError(`the component does not export ${missing.join(", ")}`);
  const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
