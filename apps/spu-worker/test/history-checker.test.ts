import { describe, expect, it } from "vitest";
import { anomalies } from "./support/history-checker.js";

const at = (pairs: [string, number][]) => pairs.map(([value, offset]) => ({ value, offset }));

describe("history checker", () => {
  const acked = at([["v0", 0], ["v1", 1], ["v2", 2]]);

  it("finds nothing in a faithful history", () => {
    expect(anomalies(acked, acked)).toEqual({ lost: 0, moved: 0, duplicated: 0, reordered: 0 });
  });

  it("counts an acknowledged record that was never read as lost", () => {
    expect(anomalies(acked, at([["v0", 0], ["v2", 2]])).lost).toBe(1);
  });

  it("counts a record read at another offset than acknowledged", () => {
    expect(anomalies(acked, at([["v0", 0], ["v1", 2], ["v2", 3]])).moved).toBe(2);
  });

  it("counts duplicates and reordering", () => {
    const read = at([["v0", 0], ["v2", 1], ["v1", 2], ["v2", 3]]);
    expect(anomalies(acked, read)).toMatchObject({ duplicated: 1, reordered: 1 });
  });
});
