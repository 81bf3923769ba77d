import { describe, expect, it } from "vitest";
import { summarizeLatencies } from "./percentiles.js";

describe("summarizeLatencies", () => {
  it("takes nearest-rank percentiles of unsorted samples", () => {
    const samples = Array.from({ length: 1000 }, (_, index) => 1000 - index);
    expect(summarizeLatencies(samples)).toEqual({ samples: 1000, p50: 500, p99: 990, p999: 999, max: 1000 });
  });

  it("reports the only sample for every percentile", () => {
    expect(summarizeLatencies([3.5])).toEqual({ samples: 1, p50: 3.5, p99: 3.5, p999: 3.5, max: 3.5 });
  });

  it("refuses an empty run", () => {
    expect(() => summarizeLatencies([])).toThrow(RangeError);
  });
});
