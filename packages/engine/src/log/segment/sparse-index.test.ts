import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SparseIndex } from "./sparse-index.js";

function indexOf(entries: readonly [number, number, number][]): SparseIndex {
  const index = new SparseIndex();
  for (const [offset, position, timestamp] of entries) index.append(offset, position, timestamp);
  return index;
}

/** Entries as the segment builds them: increasing offsets and positions, non-decreasing timestamps, first at (0, 0). */
const entriesArbitrary = fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 61, max: 5000 }), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 300 }).map((steps) => {
  const entries: [number, number, number][] = [[0, 0, -1]];
  for (const [offsetStep, positionStep, timestampStep] of steps) {
    const [offset, position, timestamp] = entries.at(-1) ?? [0, 0, -1];
    entries.push([offset + offsetStep, position + positionStep, Math.max(timestamp, 0) + timestampStep]);
  }
  return entries;
});

describe("SparseIndex", () => {
  it("finds the last entry at or before an offset, and the last entry before a timestamp, as a linear scan would", () => {
    fc.assert(
      fc.property(entriesArbitrary, fc.integer({ min: -5, max: 20_000 }), fc.integer({ min: -5, max: 40_000 }), (entries, offset, timestamp) => {
        const index = indexOf(entries);
        const byOffset = entries.findLastIndex(([entryOffset]) => entryOffset <= offset);
        const byTimestamp = entries.findLastIndex(([, , entryTimestamp]) => entryTimestamp < timestamp);
        expect(index.floorEntryForOffset(offset)).toBe(byOffset);
        expect(index.lastEntryBeforeTimestamp(timestamp)).toBe(byTimestamp);
      }),
    );
  });

  it("round-trips through its two files", () => {
    fc.assert(
      fc.property(entriesArbitrary, (entries) => {
        const index = indexOf(entries);
        const logBytes = (entries.at(-1)?.[1] ?? 0) + 100;
        const decoded = SparseIndex.decode(index.encodeOffsetIndex(), index.encodeTimeIndex(), logBytes);
        if (typeof decoded === "string") throw new Error(decoded);
        expect(Array.from({ length: decoded.count }, (_, entry) => [decoded.relativeOffsetAt(entry), decoded.positionAt(entry), decoded.maxTimestampBeforeAt(entry)])).toEqual(entries);
      }),
    );
  });

  it("rejects index files it cannot trust", () => {
    const index = indexOf([
      [0, 0, -1],
      [5, 4096, 10],
      [9, 8200, 20],
    ]);
    const offsets = index.encodeOffsetIndex();
    const times = index.encodeTimeIndex();
    expect(typeof SparseIndex.decode(offsets, times, 9000)).toBe("object");
    expect(SparseIndex.decode(offsets, times, 8000)).toMatch(/beyond log size/);
    expect(SparseIndex.decode(offsets.subarray(0, 20), times, 9000)).toMatch(/multiple/);
    expect(SparseIndex.decode(offsets, times.subarray(0, 24), 9000)).toMatch(/time index/);
    expect(SparseIndex.decode(new Uint8Array(0), new Uint8Array(0), 9000)).toMatch(/empty/);
    const swapped = offsets.slice();
    swapped.set(offsets.subarray(16, 24), 8);
    expect(SparseIndex.decode(swapped, times, 9000)).toMatch(/disagree|increase/);
  });

  it("drops the entries at or after a truncation position", () => {
    const index = indexOf([
      [0, 0, -1],
      [5, 4096, 10],
      [9, 8200, 20],
    ]);
    index.truncateToPosition(8200);
    expect(index.count).toBe(2);
    index.truncateToPosition(1);
    expect(index.count).toBe(1);
    index.truncateToPosition(0);
    expect(index.count).toBe(0);
  });
});
