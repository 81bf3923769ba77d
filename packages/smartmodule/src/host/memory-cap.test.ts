import { describe, expect, it } from "vitest";
import { SmartModuleError } from "../errors.js";
import { writeLeb as leb } from "../wasm-binary/leb128.js";
import { capMemory } from "./memory-cap.js";

const PAGE = 64 * 1024;
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

/** A core module with one memory of `min` (and optionally `max`) pages, exported as "memory", after a custom section. */
function moduleWithMemory(min: number, max?: number): Uint8Array<ArrayBuffer> {
  const limits = max === undefined ? [0x00, ...leb(min)] : [0x01, ...leb(min), ...leb(max)];
  const name = [..."memory"].map((c) => c.charCodeAt(0));
  return new Uint8Array([...HEADER, ...section(0, [4, ..."note".split("").map((c) => c.charCodeAt(0)), 1, 2, 3]), ...section(5, [1, ...limits]), ...section(7, [1, name.length, ...name, 0x02, 0])]);
}

async function exportedMemory(bytes: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Memory> {
  const instance = await WebAssembly.instantiate(new WebAssembly.Module(bytes));
  return instance.exports["memory"] as WebAssembly.Memory;
}

describe("capMemory", () => {
  it("bounds a memory without a maximum, so growing past the cap fails", async () => {
    const memory = await exportedMemory(capMemory(moduleWithMemory(1), 4 * PAGE));
    expect(memory.grow(3)).toBe(1);
    expect(() => memory.grow(1)).toThrow(RangeError);
    expect(memory.buffer.byteLength).toBe(4 * PAGE);
  });

  it("lowers a declared maximum above the cap and keeps one below it", async () => {
    const lowered = await exportedMemory(capMemory(moduleWithMemory(2, 70_000), 3 * PAGE));
    expect(() => lowered.grow(2)).toThrow(RangeError);
    expect(lowered.grow(1)).toBe(2);

    const kept = await exportedMemory(capMemory(moduleWithMemory(1, 2), 100 * PAGE));
    expect(() => kept.grow(2)).toThrow(RangeError);
    expect(kept.grow(1)).toBe(1);
  });

  it("grows the section when the new limits need more bytes, keeping the rest of the module intact", async () => {
    const original = moduleWithMemory(1);
    const capped = capMemory(original, 65_536 * PAGE - PAGE);
    expect(capped.byteLength).toBeGreaterThan(original.byteLength);
    expect(WebAssembly.validate(capped)).toBe(true);
    expect(WebAssembly.Module.customSections(new WebAssembly.Module(capped), "note").map((s) => [...new Uint8Array(s)])).toEqual([[1, 2, 3]]);
  });

  it("refuses a module that needs more memory at start than the cap", () => {
    expect(() => capMemory(moduleWithMemory(64), 32 * PAGE)).toThrow(new SmartModuleError("invalid-module", "the module needs 4 MiB of memory at start, more than the 2 MiB limit"));
  });

  it("refuses bytes that are not a core module, and truncated sections", () => {
    expect(() => capMemory(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), PAGE)).toThrow("not a WebAssembly core module");
    const truncated = moduleWithMemory(1).slice(0, HEADER.length + 1);
    expect(() => capMemory(truncated, PAGE)).toThrow("truncated WebAssembly module");
  });

  it("copies a module without memories unchanged", () => {
    const bare = new Uint8Array(HEADER);
    const out = capMemory(bare, PAGE);
    expect(out).toEqual(bare);
    expect(out).not.toBe(bare);
  });
});
