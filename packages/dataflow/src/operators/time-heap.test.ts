import { describe, expect, it } from "vitest";
import { TimeHeap } from "./time-heap.js";

describe("TimeHeap", () => {
  it("evicts entries earliest first, whatever order they were pushed in", () => {
    const heap = new TimeHeap<{ time: number; n: number }>();
    const times = Array.from({ length: 500 }, (_, n) => ({ time: (n * 7919) % 211, n }));
    for (const t of times) heap.push(t);
    const evicted: number[] = [];
    heap.evictBefore(100, (e) => evicted.push(e.time));
    expect(evicted).toEqual(
      times
        .map((t) => t.time)
        .filter((t) => t < 100)
        .sort((a, b) => a - b),
    );
    expect(heap.size).toBe(times.filter((t) => t.time >= 100).length);
    expect(heap.peek()?.time).toBe(100);
    heap.evictBefore(Infinity, () => undefined);
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });
});
