import { describe, expect, it } from "vitest";
import { formatDataflowReport } from "./dataflow-report.js";
import { QUERIES } from "./queries.js";
import { runDataflowBench } from "./run-dataflow-bench.js";

/*
 * Keeps the Nexmark benchmark from rotting: every query through the core alone, the in-process
 * loop and its own `--role dataflow` process, on 20,000 events. At 1,500 events/s of event time
 * that is 13 s, so the 10 s windows of q4, q5 and q7 close at least once. Rates are not judged;
 * each topic run must end with exactly the outputs the core alone computed.
 */
describe("dataflow bench smoke run", () => {
  it("runs every Nexmark query topic to topic and prints the table", async () => {
    const result = await runDataflowBench({
      events: 20_000,
      partitions: 1,
      generator: { eventsPerSecond: 1_500 },
      inProcess: true,
      process: true,
      timeoutMs: 20_000,
      limitSample: 5_000,
      log: () => undefined,
    });
    expect(result.preloaded.counts).toEqual({ person: 400, auction: 1_200, bid: 18_400 });
    expect(result.rows.map((r) => r.query.name)).toEqual(QUERIES.map((q) => q.name));
    const byName = new Map(result.rows.map((r) => [r.query.name, r]));
    expect(byName.get("q0")!.core.outputs).toBe(18_400);
    for (const name of ["q1", "q5", "q7", "q8"]) expect(byName.get(name)!.core.outputs, name).toBeGreaterThan(0);
    for (const row of result.rows) {
      expect(row.inProcess?.ok && row.inProcess.value.outputs, row.query.name).toBe(row.core.outputs);
      expect(row.process?.ok && row.process.value.outputs, row.query.name).toBe(row.core.outputs);
    }
    const lines = formatDataflowReport(result, 2).split("\n");
    expect(lines[0]).toMatch(/^query +\| what +\| input rec \| path +\| +rec\/s \| rec\/s\/core \| Flink\/core \| +ratio \| rec\/CPU-s \| CPU ratio \|/);
    expect(lines[2]).toMatch(/^q0 +\| pass-through +\| +18,400 \| process +\| +[\d,]+ \| +[\d,]+ \| +155,020 \| +\d+\.\d\d× \|/);
    expect(lines.some((line) => line.startsWith("JSON.parse of a bid"))).toBe(true);
  }, 60_000);
});
