import { describe, expect, it } from "vitest";
import { PartitionWatermarks } from "./index.js";

describe("PartitionWatermarks", () => {
  it("is the minimum over assigned partitions of the highest time minus the bound", () => {
    const w = new PartitionWatermarks(5, null);
    w.assign([0, 1]);
    expect(w.observe(0, 100, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(w.observe(1, 50, 0)).toBe(45);
    expect(w.observe(1, 40, 0)).toBe(45);
    expect(w.observe(1, 200, 0)).toBe(95);
  });

  it("leaves an idle partition out after idleTimeout and takes it back on its next record", () => {
    const w = new PartitionWatermarks(0, 1_000);
    w.assign([0, 1]);
    w.observe(0, 100, 0);
    w.observe(1, 10, 0);
    expect(w.tick(999)).toBe(10);
    w.observe(0, 120, 999);
    expect(w.tick(1_000)).toBe(120);
    expect(w.observe(1, 20, 1_001)).toBe(20);
  });

  it("survives a snapshot", () => {
    const w = new PartitionWatermarks(1, null);
    w.observe(3, 10, 0);
    const copy = new PartitionWatermarks(1, null);
    copy.restore(w.snapshot());
    expect(copy.current()).toBe(9);
  });
});

describe("PartitionWatermarks without assignment", () => {
  it("counts a partition from its first record", () => {
    const w = new PartitionWatermarks(5, null);
    expect(w.observe(0, 100, 0)).toBe(95);
    expect(w.observe(1, 50, 0)).toBe(45);
  });
});
