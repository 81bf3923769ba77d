import { randomBytes } from "node:crypto";
import type { BenchOptions } from "../cli/options.js";
import { measureClientBundle } from "../footprint/client-bundle.js";
import { runLimits } from "../limits/run-limits.js";
import { describeMachine } from "../report/machine.js";
import type { BenchReport, BrokerFootprint, ReportRow, SweepRow } from "../report/report.js";
import { driversFor } from "../systems/catalog.js";
import { knobsOf } from "../workload/knobs.js";
import { runDriver } from "./run-driver.js";

/**
 * Runs every selected system one after another (never concurrently: they share
 * two cores) with the same knobs, then the machine-limit probes.
 */
export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const knobs = knobsOf(options);
  const rows: ReportRow[] = [];
  const sweep: SweepRow[] = [];
  const brokers: BrokerFootprint[] = [];
  const setups: BenchReport["setups"][number][] = [];
  const unavailable: BenchReport["unavailable"][number][] = [];
  for (const system of options.only) {
    if (system === "limits" || system === "footprint") continue;
    for (const driver of driversFor(system, knobs, options.clusterLatencyRate)) {
      setups.push({ system: driver.label, notes: driver.setup });
      const { rows: driverRows, sweep: driverSweep } = await runDriver(
        driver,
        {
          runId,
          records: options.records,
          sizes: options.sizes,
          latencyRate: options.latencyRate,
          latencyRecords: options.latencyRecords,
          phaseTimeoutMs: options.phaseTimeoutMs,
          sweepRates: options.sweepRates,
          sweepSeconds: options.sweepSeconds,
        },
        log,
      );
      const memory = driver.brokerMemory?.() ?? null;
      if (memory !== null) brokers.push({ system: driver.label, ...memory });
      const down = driverRows.find((row) => row.produce.status === "unavailable");
      if (down && down.produce.status === "unavailable") unavailable.push({ system: driver.label, reason: down.produce.reason });
      rows.push(...driverRows);
      sweep.push(...driverSweep);
    }
  }
  if (options.only.includes("limits")) rows.push(...(await runLimits(options, log)));
  const client = options.only.includes("footprint") ? await measureClientBundle(log) : null;
  return { startedAt, machine, options, setups, rows, sweep, footprint: { brokers, client }, unavailable };
}
