import { describe, expect, it } from "vitest";
import { browsePage, matches, type BrowsedRecord, type BrowseOrder, type BrowsePage, type MessageFilter, type PartitionRangeReader } from "./message-browser.js";

/** Two partitions: p0 holds offsets 0..9 (timestamps 1000 + 10·offset), p1 offsets 3..7 (1005 + 10·offset), as after retention; p1 has a compaction gap at 5. */
function record(partition: number, offset: number): BrowsedRecord {
  return {
    partition,
    offset,
    timestamp: 1000 + 10 * offset + 5 * partition,
    key: offset % 2 === 0 ? "even" : "odd",
    value: JSON.stringify({ n: offset, p: partition }),
    headers: offset === 4 ? [{ key: "trace", value: `t-${partition}-4` }] : [],
  };
}
const LOG = new Map<number, BrowsedRecord[]>([
  [0, Array.from({ length: 10 }, (_, offset) => record(0, offset))],
  [1, [3, 4, 6, 7].map((offset) => record(1, offset))],
]);
const BOUNDS = new Map([
  [0, { earliest: 0, latest: 10 }],
  [1, { earliest: 3, latest: 8 }],
]);

function memoryReader(): PartitionRangeReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read(partition, from, to, max) {
      reads.push(`${partition}:${from}-${to}`);
      return Promise.resolve((LOG.get(partition) ?? []).filter((r) => r.offset >= from && r.offset < to).slice(0, max));
    },
  };
}

function page(order: BrowseOrder, options: { positions?: Map<number, number>; pageSize?: number; scanLimit?: number; filter?: MessageFilter; bounds?: BrowsePage["bounds"] } = {}): BrowsePage {
  return { order, positions: options.positions ?? new Map(), bounds: options.bounds ?? BOUNDS, pageSize: options.pageSize ?? 4, scanLimit: options.scanLimit ?? 1000, filter: options.filter ?? {} };
}

const ids = (records: readonly BrowsedRecord[]) => records.map((r) => `${r.partition}/${r.offset}`);

/** Every page until the end, as the console's "next page" does. */
async function allPages(first: BrowsePage): Promise<BrowsedRecord[][]> {
  const pages: BrowsedRecord[][] = [];
  let current: BrowsePage | null = first;
  while (current !== null) {
    const result = await browsePage(memoryReader(), current);
    pages.push(result.records);
    current = result.next === null ? null : { ...current, positions: result.next };
  }
  return pages;
}

describe("browsePage", () => {
  it("pages oldest first through every partition merged by timestamp, never repeating or skipping a record", async () => {
    const pages = await allPages(page("oldest-first"));
    expect(pages.map(ids)).toEqual([
      ["0/0", "0/1", "0/2", "0/3"],
      ["1/3", "0/4", "1/4", "0/5"],
      ["0/6", "1/6", "0/7", "1/7"],
      ["0/8", "0/9"],
    ]);
  });

  it("pages newest first from the end of each partition", async () => {
    const pages = await allPages(page("newest-first", { pageSize: 5 }));
    expect(pages.map(ids)).toEqual([
      ["0/9", "0/8", "1/7", "0/7", "1/6"],
      ["0/6", "0/5", "1/4", "0/4", "1/3"],
      ["0/3", "0/2", "0/1", "0/0"],
    ]);
  });

  it("starts at the given positions (a sought offset or timestamp), clamped into the log", async () => {
    const fromOffset = await browsePage(memoryReader(), page("oldest-first", { positions: new Map([[0, 7]]), bounds: new Map([[0, BOUNDS.get(0)!]]) }));
    expect(ids(fromOffset.records)).toEqual(["0/7", "0/8", "0/9"]);
    expect(fromOffset.next).toBeNull();
    const beforeStart = await browsePage(memoryReader(), page("newest-first", { positions: new Map([[1, 5]]), bounds: new Map([[1, BOUNDS.get(1)!]]) }));
    expect(ids(beforeStart.records)).toEqual(["1/4", "1/3"]);
    const pastEnd = await browsePage(memoryReader(), page("oldest-first", { positions: new Map([[1, 99]]), bounds: new Map([[1, BOUNDS.get(1)!]]) }));
    expect(pastEnd).toEqual({ records: [], next: null, scanned: 0, ranges: [{ partition: 1, from: 8, to: 8 }] });
  });

  it("filters by key or by text in the key, value or headers, over every page", async () => {
    const byKey = (await allPages(page("oldest-first", { filter: { key: "odd" }, pageSize: 10 }))).flat();
    expect(ids(byKey)).toEqual(["0/1", "0/3", "1/3", "0/5", "0/7", "1/7", "0/9"]);
    const byHeader = await browsePage(memoryReader(), page("newest-first", { filter: { contains: "t-1-" } }));
    expect(ids(byHeader.records)).toEqual(["1/4"]);
    expect(ids((await browsePage(memoryReader(), page("oldest-first", { filter: { contains: '"n":6' } }))).records)).toEqual(["0/6", "1/6"]);
  });

  it("stops at the scan limit, says how far it looked, and goes on from there on the next page", async () => {
    const bounded = await browsePage(memoryReader(), page("oldest-first", { filter: { contains: "nothing like this" }, scanLimit: 6 }));
    expect(bounded.records).toEqual([]);
    expect(bounded.scanned).toBe(6);
    expect(bounded.ranges).toEqual([
      { partition: 0, from: 0, to: 3 },
      { partition: 1, from: 3, to: 7 },
    ]);
    expect(bounded.next).toEqual(
      new Map([
        [0, 3],
        [1, 7],
      ]),
    );
  });

  it("reads in bounded chunks and not past what the page needs", async () => {
    const reader = memoryReader();
    await browsePage(reader, page("oldest-first", { pageSize: 1, bounds: new Map([[0, BOUNDS.get(0)!]]) }));
    expect(reader.reads).toEqual(["0:0-10"]);
  });
});

describe("matches", () => {
  it("needs both filters to hold when both are given, and ignores empty ones", () => {
    const r = record(0, 2);
    expect(matches(r, { key: "even", contains: '"n":2' })).toBe(true);
    expect(matches(r, { key: "even", contains: '"n":3' })).toBe(false);
    expect(matches(r, { key: "", contains: "" })).toBe(true);
    expect(matches({ ...r, key: null }, { key: "even" })).toBe(false);
  });
});
