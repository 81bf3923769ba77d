import { describe, expect, it } from "vitest";
import { cpuBudget, msPerThousand } from "./budget.js";

describe("cpuBudget", () => {
  it("divides the cores by the CPU seconds all processes spent per record", () => {
    // 100,000 records in 2 s wall; 1 + 0.5 + 0.5 + 0.5 = 2.5 CPU s → 25 µs per record → 2 cores / 25 µs = 80,000 rec/s.
    const budget = cpuBudget(
      [
        { label: "generator", cpuSeconds: 1 },
        { label: "spu-0", cpuSeconds: 0.5 },
        { label: "spu-1", cpuSeconds: 0.5 },
        { label: "spu-2", cpuSeconds: 0.5 },
      ],
      100_000,
      2,
      2,
    );
    expect(budget.totalMsPerThousand).toBeCloseTo(25, 9);
    expect(budget.ceilingRecordsPerSecond).toBeCloseTo(80_000, 6);
    expect(budget.busyCores).toBeCloseTo(1.25, 9);
  });

  it("has no ceiling when no CPU time was recorded (a phase shorter than a clock tick)", () => {
    expect(cpuBudget([{ label: "generator", cpuSeconds: 0 }], 10, 0.001, 2).ceilingRecordsPerSecond).toBeNull();
  });

  it("refuses an empty phase", () => {
    expect(() => cpuBudget([], 0, 1, 2)).toThrow(RangeError);
  });

  it("states CPU time per 1,000 records in milliseconds", () => {
    expect(msPerThousand(0.25, 50_000)).toBeCloseTo(5, 9);
  });
});
