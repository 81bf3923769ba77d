import { describe, expect, it } from "vitest";
import { parseOptions } from "./cli/options.js";
import { formatReport } from "./report/table.js";
import type { LatencyLimitRow, LimitRow, SystemRow } from "./report/report.js";
import { runBench } from "./run/run-bench.js";

/*
 * Keeps the harness from rotting without making CI slow: the smoke mode against
 * the machine limits and Redis only. Numbers are not judged, only that every
 * phase produced a positive measurement (Redis is started if it is down).
 */
describe("bench smoke run", () => {
  it("measures redis and the machine limits and prints them in one table", async () => {
    const parsed = parseOptions(["--smoke", "--only", "redis,limits", "--phase-timeout", "20"]);
    if (!parsed.ok) throw new Error(parsed.message);
    const log: string[] = [];
    const report = await runBench(parsed.options, (line) => log.push(line));

    expect(report.unavailable).toEqual([]);
    const systemRows = report.rows.filter((row): row is SystemRow => row.kind === "system");
    expect(systemRows.map((row) => [row.system, row.recordBytes])).toEqual([
      ["redis", 100],
      ["redis", 1024],
    ]);
    for (const row of systemRows) {
      for (const outcome of [row.produce, row.consume]) {
        if (outcome.status !== "ok") throw new Error(`${row.system} ${row.recordBytes} B: ${JSON.stringify(outcome)}`);
        expect(outcome.value.records).toBe(parsed.options.records);
        expect(outcome.value.recordsPerSecond).toBeGreaterThan(0);
        expect(outcome.value.megabytesPerSecond).toBeGreaterThan(0);
      }
      if (row.latency.status !== "ok") throw new Error(`${row.system} latency: ${JSON.stringify(row.latency)}`);
      expect(row.latency.value.samples).toBe(parsed.options.latencyRecords);
      expect(row.latency.value.p50).toBeGreaterThan(0);
      expect(row.latency.value.p999).toBeGreaterThanOrEqual(row.latency.value.p99);
    }

    const limitRows = report.rows.filter((row): row is LimitRow => row.kind === "limit");
    expect(limitRows).toHaveLength(3);
    for (const row of limitRows) {
      if (row.result.status !== "ok") throw new Error(`${row.probe}: ${JSON.stringify(row.result)}`);
      expect(row.result.value.megabytesPerSecond).toBeGreaterThan(0);
    }

    const floors = report.rows.filter((row): row is LatencyLimitRow => row.kind === "latency-limit");
    expect(floors.map((row) => `${row.probe} ${row.unit}`)).toEqual([
      "append + fdatasync 100 B",
      "append + fdatasync 1024 B",
      "open-loop sender at 1000/s no-op",
      "group commit at 1000/s 100 B",
      "group commit at 1000/s 1024 B",
    ]);
    for (const row of floors) {
      if (row.result.status !== "ok") throw new Error(`${row.probe} ${row.unit}: ${JSON.stringify(row.result)}`);
      expect(row.result.value.samples).toBe(parsed.options.syncSamples);
      expect(row.result.value.p50).toBeGreaterThan(0);
    }
    // Redis is a peer the bench did not start: no broker processes to meter.
    expect(systemRows.map((row) => row.produceCpu)).toEqual([null, null]);

    const table = formatReport(report);
    expect(table.split("\n")[0]).toMatch(/^system\s+\| record\s+\| fsync<ack \| prod rec\/s/);
    expect(table).toMatch(/^redis\s+\| 100 B\s+\|\s+no \|\s+[\d,]+ \|/m);
    expect(table).toMatch(/^limit: loopback TCP\s+\|/m);
    expect(table).toMatch(/^limit: append \+ fdatasync\s+\| 1024 B\s+\|/m);
  });

  it("rejects unknown systems with the usage text", () => {
    const parsed = parseOptions(["--only", "kafka"]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('unknown system "kafka"');
  });
});
