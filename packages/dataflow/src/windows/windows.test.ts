import { describe, expect, it } from "vitest";
import { FireQueue } from "./fire-queue.js";
import { SessionWindows, SlicedWindows } from "./index.js";

function countInto(windows: SlicedWindows<number>, time: number, key = "k"): void {
  const pane = windows.paneAt(time);
  pane.set(key, (pane.get(key) ?? 0) + 1);
}

describe("SlicedWindows", () => {
  it("cuts panes of gcd(size, slide) and merges them into each hopping window once", () => {
    const windows = new SlicedWindows<number>({ size: 10, slide: 4, allowedLateness: 0 });
    expect(windows.pane).toBe(2);
    for (const t of [0, 1, 3, 5, 9, 11, 13]) countInto(windows, t);
    const fired: [number, number, number][] = [];
    const fire = (wm: number) => windows.fire(wm, (start, end, panes) => fired.push([start, end, panes.reduce((n, p) => n + (p.get("k") ?? 0), 0)]));
    fire(9);
    expect(fired).toEqual([
      [-8, 2, 2],
      [-4, 6, 4],
    ]);
    fire(10);
    expect(fired).toEqual([
      [-8, 2, 2],
      [-4, 6, 4],
      [0, 10, 5],
    ]);
    fire(100);
    expect(fired.slice(3)).toEqual([
      [4, 14, 4],
      [8, 18, 3],
      [12, 22, 1],
    ]);
    expect(windows.size()).toBe(0);
  });

  it("calls a record late only when its last window has closed", () => {
    const windows = new SlicedWindows<number>({ size: 10, slide: 5, allowedLateness: 3 });
    expect(windows.isLate(12, 22)).toBe(false);
    expect(windows.isLate(12, 23)).toBe(true);
    expect(windows.isLate(4, 17)).toBe(true);
  });
});

describe("SessionWindows", () => {
  it("merges records within the gap per key and fires after last + gap", () => {
    const sessions = new SessionWindows<number[]>(10, 0);
    const add = (key: string, t: number, wm = Number.NEGATIVE_INFINITY) => {
      const s = sessions.sessionFor(
        key,
        t,
        wm,
        () => [],
        (into, other) => into.push(...other),
      );
      s?.state.push(t);
      return s;
    };
    add("a", 0);
    add("a", 25);
    add("b", 3);
    add("a", 16);
    expect(sessions.size()).toBe(3);
    add("a", 8); // bridges [0, 10) and [16, 35)
    expect(sessions.size()).toBe(2);
    const fired: [string, number, number, number[]][] = [];
    sessions.fire(34, (key, s) => fired.push([key, s.start, s.last, [...s.state].sort((x, y) => x - y)]));
    expect(fired).toEqual([["b", 3, 3, [3]]]);
    sessions.fire(35, (key, s) => fired.push([key, s.start, s.last, [...s.state].sort((x, y) => x - y)]));
    expect(fired[1]).toEqual(["a", 0, 25, [0, 8, 16, 25]]);
    expect(add("c", 20, 30)).toBeNull();
    expect(add("c", 21, 30)).not.toBeNull();
  });
});

describe("FireQueue", () => {
  it("pops by time, then key", () => {
    const queue = new FireQueue();
    const pairs: [number, string][] = Array.from({ length: 200 }, (_, i) => [(i * 7919) % 37, `k${(i * 31) % 5}`]);
    for (const [t, k] of pairs) queue.push(t, k);
    const popped: [number, string][] = [];
    while (queue.size > 0) popped.push(queue.pop());
    expect(popped).toEqual([...pairs].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));
    expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});
