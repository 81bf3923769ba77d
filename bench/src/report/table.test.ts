import { describe, expect, it } from "vitest";
import { parseOptions } from "../cli/options.js";
import { cpuBudget } from "../limits/cpu-budget/budget.js";
import type { LatencySummary } from "./percentiles.js";
import type { BenchReport, LatencyLimitRow, SweepRow, SystemRow } from "./report.js";
import { formatReport } from "./table.js";

function row(system: string, recordsPerSecond: number, latencyRate: number, p99: number): SystemRow {
  const throughput = { records: 1000, bytes: 100_000, seconds: 1000 / recordsPerSecond, recordsPerSecond, megabytesPerSecond: recordsPerSecond / 10_000 };
  const latency: LatencySummary = { samples: 100, p50: p99 / 2, p99, p999: p99, max: p99 };
  return {
    kind: "system",
    system,
    recordBytes: 100,
    latencyRate,
    fsyncBeforeAck: "yes",
    produce: { status: "ok", value: throughput },
    consume: { status: "ok", value: throughput },
    latency: { status: "ok", value: latency },
    produceCpu: null,
  };
}

describe("the report table", () => {
  it("shows each row's latency rate and what replication costs against the single-node row", () => {
    const parsed = parseOptions(["--only", "freshet,freshet-rf3", "--cluster-latency-rate", "4000"]);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.options.only).toEqual(["freshet", "freshet-rf3"]);
    expect(parsed.options.clusterLatencyRate).toBe(4000);
    const report: BenchReport = {
      startedAt: "2026-01-01T00:00:00.000Z",
      machine: { cpus: 2, cpuModel: "test", memoryGiB: 1, node: "v20", kernel: "6", loadAverage: 0 },
      options: parsed.options,
      setups: [],
      rows: [row("freshet (raw)", 200_000, 1000, 4), row("freshet RF=3 (raw)", 50_000, 4000, 12)],
      sweep: [],
      footprint: { brokers: [], client: null },
      unavailable: [],
    };
    const table = formatReport(report);
    expect(table.split("\n")[0]).toMatch(/\| lat rec\/s \| p50 ms \|/);
    expect(table).toMatch(/^freshet RF=3 \(raw\) \| 100 B\s+\|\s+yes \|\s+50,000 \|.*\|\s+4,000 \|\s+6\.00 \|\s+12\.0 \|/m);
    expect(table).toContain("freshet RF=3 (raw) at 100 B: produce 0.25× freshet (raw)'s; p99 12.0 ms at 4,000/s vs 4.00 ms at 1,000/s");
  });

  it("prints the sweep as its own table, marks a rate the system did not keep up with, and judges the footprint against the goals", () => {
    const parsed = parseOptions(["--only", "freshet,footprint", "--sweep", "1000,50000"]);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.options.sweepRates).toEqual([1000, 50_000]);
    const point = (offeredRate: number, achievedRate: number, p99: number): SweepRow => ({
      system: "freshet (raw)",
      recordBytes: 100,
      offeredRate,
      result: { status: "ok", value: { samples: 10, p50: p99 / 2, p99, p999: p99, max: p99, achievedRate, stoppedEarly: false } },
    });
    const report: BenchReport = {
      startedAt: "2026-01-01T00:00:00.000Z",
      machine: { cpus: 2, cpuModel: "test", memoryGiB: 1, node: "v20", kernel: "6", loadAverage: 0 },
      options: parsed.options,
      setups: [],
      rows: [],
      sweep: [point(1000, 998, 3), point(50_000, 21_000, 900)],
      footprint: {
        brokers: [{ system: "freshet (raw)", idleRssBytes: 120 * 2 ** 20, peakRssBytes: 300 * 2 ** 20 }],
        client: { status: "ok", value: { entry: "@freshet/client/client", minifiedBytes: 100_000, gzippedBytes: 30 * 2 ** 10, external: ["node:*"], largest: [] } },
      },
      unavailable: [],
    };
    const table = formatReport(report);
    expect(table).toMatch(/^system\s+\| record \| offered rec\/s \| kept rec\/s \| kept up \|/m);
    expect(table).toMatch(/^freshet \(raw\) \| 100 B\s+\|\s+1,000 \|\s+998 \|\s+yes \|\s+1\.50 \|\s+3\.00 \|/m);
    expect(table).toMatch(/^freshet \(raw\) \| 100 B\s+\|\s+50,000 \|\s+21,000 \|\s+NO \|\s+450 \|\s+900 \|/m);
    expect(table).toContain("freshet (raw) broker: idle RSS 120.0 MiB (goal < 80.0 MiB: MISSED), peak RSS over its run 300.0 MiB");
    expect(table).toContain("30.0 KiB gzipped, 97.7 KiB minified; goal < 60.0 KiB: met");
  });

  it("prints the fdatasync latency floor in the latency columns and each metered row's CPU ceiling beside what it measured", () => {
    const parsed = parseOptions(["--only", "freshet-rf3,limits"]);
    if (!parsed.ok) throw new Error(parsed.message);
    // 20,000 records, 0.25 + 3 × 0.05 = 0.4 CPU s in 0.5 s wall: 20 ms per 1,000, ceiling 2 ÷ 20 µs = 100,000 rec/s.
    const processes = [
      { label: "generator", cpuSeconds: 0.25 },
      { label: "spu-0", cpuSeconds: 0.05 },
      { label: "spu-1", cpuSeconds: 0.05 },
      { label: "spu-2", cpuSeconds: 0.05 },
    ];
    const replicated: SystemRow = { ...row("freshet RF=3 (raw)", 40_000, 5000, 12), produceCpu: cpuBudget(processes, 20_000, 0.5, 2) };
    // 5 ms per 1,000 on one node: ceiling 400,000 rec/s, so RF=3's CPU cost allows 0.25× of it.
    const single: SystemRow = { ...row("freshet (raw)", 200_000, 1000, 4), produceCpu: cpuBudget([{ label: "generator", cpuSeconds: 0.1 }], 20_000, 0.2, 2) };
    const floor: LatencyLimitRow = {
      kind: "latency-limit",
      probe: "append + fdatasync",
      unit: "100 B",
      result: { status: "ok", value: { samples: 3000, p50: 0.18, p99: 3.3, p999: 10.1, max: 25 } },
    };
    const report: BenchReport = {
      startedAt: "2026-01-01T00:00:00.000Z",
      machine: { cpus: 2, cpuModel: "test", memoryGiB: 1, node: "v20", kernel: "6", loadAverage: 0 },
      options: parsed.options,
      setups: [],
      rows: [single, replicated, floor],
      sweep: [],
      footprint: { brokers: [], client: null },
      unavailable: [],
    };
    const table = formatReport(report);
    expect(table).toMatch(/^limit: append \+ fdatasync\s+\| 100 B\s+\|(\s+\|){6}\s+0\.18 \|\s+3\.30 \|\s+10\.1 \|\s+25\.0$/m);
    expect(table).toMatch(/^limit: CPU ceiling, freshet RF=3 \(raw\)\s+\| 100 B\s+\|\s+\|\s+100,000 \|/m);
    expect(table).toContain("freshet RF=3 (raw) at 100 B: produce 0.20× freshet (raw)'s; CPU ceiling 0.25×; p99 12.0 ms at 5,000/s vs 4.00 ms at 1,000/s");
    expect(table).toContain(
      "freshet RF=3 (raw) 100 B: 20.0 CPU ms per 1,000 records (generator 12.5, spu-0 2.5, spu-1 2.5, spu-2 2.5); ceiling 100,000 rec/s on 2 cores; measured 40,000 rec/s = 0.40 of the ceiling; 0.80 cores busy",
    );
  });
});
