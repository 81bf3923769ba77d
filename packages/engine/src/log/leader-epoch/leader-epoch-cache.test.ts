import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LeaderEpochCache } from "./leader-epoch-cache.js";

/** A cache as a log builds it from batches: (epoch, baseOffset) in offset order. */
function cacheOf(batches: readonly [epoch: number, baseOffset: number][]): LeaderEpochCache {
  const cache = new LeaderEpochCache();
  for (const [epoch, baseOffset] of batches) cache.assign(epoch, baseOffset);
  return cache;
}

describe("LeaderEpochCache entries", () => {
  it("starts an entry at the first batch of each higher epoch and ignores unstamped batches", () => {
    const cache = cacheOf([
      [-1, 0],
      [1, 2],
      [1, 4],
      [-1, 6],
      [3, 8],
      [3, 9],
      [4, 12],
    ]);
    expect(cache.entries).toEqual([
      { epoch: 1, startOffset: 2 },
      { epoch: 3, startOffset: 8 },
      { epoch: 4, startOffset: 12 },
    ]);
    expect(cache.latestEpoch()).toBe(4);
    expect(new LeaderEpochCache().latestEpoch()).toBe(-1);
  });

  it("truncates from the end at an offset and from the start keeping the covering epoch", () => {
    const cache = cacheOf([
      [1, 0],
      [2, 10],
      [5, 20],
    ]);
    cache.truncateFromEnd(20);
    expect(cache.entries).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 10 },
    ]);
    cache.truncateFromStart(15);
    expect(cache.entries).toEqual([{ epoch: 2, startOffset: 15 }]);
    cache.truncateFromStart(3);
    expect(cache.entries).toEqual([{ epoch: 2, startOffset: 15 }]);
    cache.truncateFromEnd(15);
    expect(cache.entries).toEqual([]);
  });

  it("treats a batch of an older epoch than a written one as stale, but not one older than an unwritten entry", () => {
    const cache = cacheOf([
      [2, 0],
      [4, 10],
    ]);
    expect(cache.isStale(3, 20)).toBe(true);
    expect(cache.isStale(4, 20)).toBe(false);
    expect(cache.isStale(-1, 20)).toBe(false);
    // (4, 10) has no batch when the log ends at 10: a leader assigned it and lost leadership.
    expect(cache.isStale(3, 10)).toBe(false);
    cache.assign(3, 10);
    expect(cache.entries).toEqual([
      { epoch: 2, startOffset: 0 },
      { epoch: 3, startOffset: 10 },
    ]);
    cache.assign(2, 10);
    expect(cache.entries).toEqual([{ epoch: 2, startOffset: 0 }]);
  });

  it("keeps entries monotonic when replaying epochs that go backwards, as Kafka's assign does", () => {
    const cache = cacheOf([
      [1, 0],
      [5, 10],
      [3, 20],
    ]);
    expect(cache.entries).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 20 },
    ]);
  });
});

describe("LeaderEpochCache.endOffsetFor (OffsetForLeaderEpoch)", () => {
  const cache = cacheOf([
    [2, 5],
    [4, 20],
    [7, 42],
  ]);
  const logEnd = 60;

  it.each([
    ["the latest epoch ends at the log end", 7, { epoch: 7, endOffset: 60 }],
    ["an older epoch ends where the next starts", 4, { epoch: 4, endOffset: 42 }],
    ["the first epoch ends where the second starts", 2, { epoch: 2, endOffset: 20 }],
    ["an epoch between known ones answers the largest known below it", 3, { epoch: 2, endOffset: 20 }],
    ["another gap", 6, { epoch: 4, endOffset: 42 }],
    ["an epoch older than every entry ends where the first starts", 1, { epoch: 1, endOffset: 5 }],
    ["epoch 0, also older", 0, { epoch: 0, endOffset: 5 }],
    ["a newer epoch is unknown", 8, { epoch: -1, endOffset: -1 }],
    ["UNDEFINED_EPOCH is unknown", -1, { epoch: -1, endOffset: -1 }],
  ])("%s", (_label, epoch, expected) => {
    expect(cache.endOffsetFor(epoch, logEnd)).toEqual(expected);
  });

  it("knows nothing when empty", () => {
    expect(new LeaderEpochCache().endOffsetFor(0, 10)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it("matches the definition over the log's offsets for any log whose epochs do not decrease", () => {
    // Runs of (epoch step, batch count, records per batch); step 0 continues the epoch.
    const runs = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(runs, fc.integer({ min: -2, max: 40 }), (steps, requested) => {
        const epochAt: number[] = [];
        const batches: [number, number][] = [];
        let epoch = 0;
        for (const [step, count, records] of steps) {
          epoch += step;
          for (let batch = 0; batch < count; batch++) {
            batches.push([epoch, epochAt.length]);
            for (let record = 0; record < records; record++) epochAt.push(epoch);
          }
        }
        const end = epochAt.length;
        const latest = epochAt[end - 1] ?? -1;
        const atOrBelow = epochAt.filter((value) => value <= requested);
        const firstAfter = epochAt.findIndex((value) => value > requested);
        let expected: { epoch: number; endOffset: number };
        if (requested < 0 || requested > latest) expected = { epoch: -1, endOffset: -1 };
        else if (requested === latest) expected = { epoch: requested, endOffset: end };
        else if (atOrBelow.length === 0) expected = { epoch: requested, endOffset: 0 };
        else expected = { epoch: Math.max(...atOrBelow), endOffset: firstAfter };
        expect(cacheOf(batches).endOffsetFor(requested, end)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
