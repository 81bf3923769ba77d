import { describe, expect, it } from "vitest";
import { parseOptions } from "../cli/options.js";
import type { LatencySummary } from "./percentiles.js";
import type { BenchReport, SystemRow } from "./report.js";
import { formatReport } from "./table.js";

function row(system: string, recordsPerSecond: number, latencyRate: number, p99: number): SystemRow {
  const throughput = { records: 1000, bytes: 100_000, seconds: 1000 / recordsPerSecond, recordsPerSecond, megabytesPerSecond: recordsPerSecond / 10_000 };
  const latency: LatencySummary = { samples: 100, p50: p99 / 2, p99, p999: p99, max: p99 };
  return {
    kind: "system",
    system,
    recordBytes: 100,
    latencyRate,
    produce: { status: "ok", value: throughput },
    consume: { status: "ok", value: throughput },
    latency: { status: "ok", value: latency },
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
      unavailable: [],
    };
    const table = formatReport(report);
    expect(table.split("\n")[0]).toMatch(/\| lat rec\/s \| p50 ms \|/);
    expect(table).toMatch(/^freshet RF=3 \(raw\) \| 100 B\s+\|\s+50,000 \|.*\|\s+4,000 \|\s+6\.00 \|\s+12\.0 \|/m);
    expect(table).toContain("freshet RF=3 (raw) at 100 B: produce 0.25× freshet (raw)'s; p99 12.0 ms at 4,000/s vs 4.00 ms at 1,000/s");
  });
});
