import { describe, expect, it } from "vitest";
import { runSmBench } from "./run-sm-bench.js";
import { formatSmReport } from "./sm-report.js";

/*
 * Keeps the SmartModule benchmark from rotting: a tiny run through every row.
 * Rates are not judged; the record counts are, since every path must give the
 * same output as the plain JavaScript (a quarter of the records are clicks).
 */
describe("SmartModule bench smoke run", () => {
  it("runs plain JS, edge and SPU rows with matching outputs", async () => {
    const rows = await runSmBench(2000, 500, () => undefined);
    expect(rows.map((r) => [r.where, r.logic, r.outputs])).toEqual([
      ["in process", "filter type=click (plain JS)", 500],
      ["edge (Node worker)", "filter type=click (SmartModule, JS)", 500],
      ["in process", "map: mask email (plain JS)", 2000],
      ["edge (Node worker)", "map: mask email (SmartModule, JS)", 2000],
      ["edge (Node worker)", "filter type=click (SmartModule, AssemblyScript)", 500],
      ["edge (Node worker)", "map: mask email (SmartModule, AssemblyScript)", 2000],
      ["SPU consume", "no SmartModule (Fetch)", 2000],
      ["SPU consume", "filter type=click (SmartModule in SPU, JS)", 500],
      ["SPU consume", "map: mask email (SmartModule in SPU, JS)", 2000],
      ["SPU consume", "filter type=click (SmartModule in SPU, AssemblyScript)", 500],
      ["SPU consume", "map: mask email (SmartModule in SPU, AssemblyScript)", 2000],
    ]);
    for (const row of rows) expect(row.rate).toBeGreaterThan(0);
    expect(formatSmReport(rows).split("\n")).toHaveLength(rows.length + 2);
  }, 120_000);
});
