import { describe, expect, it } from "vitest";
import { parseOptions } from "../../cli/options.js";
import { runDriver, type DriverPlan } from "../../run/run-driver.js";
import { knobsOf } from "../../workload/knobs.js";
import type { SystemDriver } from "../driver.js";
import { JetStreamLibnatsDriver } from "./libnats-driver.js";
import { FreshetLibrdkafkaDriver } from "./rdkafka-driver.js";

/*
 * The C clients compiled and run for real, each phase once with tiny counts:
 * librdkafka against a Freshet broker of its own, libnats against the machine's
 * nats-server (started if it is down). Numbers are not judged, only that every
 * phase measured what it was asked to.
 */
const parsed = parseOptions(["--smoke", "--phase-timeout", "30"]);
if (!parsed.ok) throw new Error(parsed.message);
const knobs = knobsOf(parsed.options);

const plan: DriverPlan = {
  runId: `native${Date.now().toString(36)}`,
  records: 300,
  sizes: [100],
  latencyRate: 1000,
  latencyRecords: 40,
  phaseTimeoutMs: 30_000,
  sweepRates: [2000],
  sweepSeconds: 0.02,
};

async function expectEveryPhase(driver: SystemDriver): Promise<void> {
  const log: string[] = [];
  const { rows, sweep } = await runDriver(driver, plan, (line) => log.push(line));
  expect(rows).toHaveLength(1);
  const [row] = rows;
  for (const outcome of [row!.produce, row!.consume]) {
    if (outcome.status !== "ok") throw new Error(`${driver.label}: ${JSON.stringify(outcome)}\n${log.join("\n")}`);
    expect(outcome.value.records).toBe(plan.records);
    expect(outcome.value.bytes).toBe(plan.records * 100);
    expect(outcome.value.seconds).toBeGreaterThan(0);
  }
  if (row!.latency.status !== "ok") throw new Error(`${driver.label} latency: ${JSON.stringify(row!.latency)}`);
  expect(row!.latency.value.samples).toBe(plan.latencyRecords);
  expect(row!.latency.value.p50).toBeGreaterThan(0);
  expect(sweep.map((point) => [point.offeredRate, point.result.status])).toEqual([[2000, "ok"]]);
  const [point] = sweep;
  if (point?.result.status === "ok") expect(point.result.value.samples).toBe(40);
}

describe("native clients", () => {
  it("librdkafka produces, consumes and times an open loop against a Freshet broker", async () => {
    const driver = new FreshetLibrdkafkaDriver(knobs);
    await expectEveryPhase(driver);
    const memory = driver.brokerMemory();
    expect(memory?.idleRssBytes).toBeGreaterThan(0);
    expect(memory!.peakRssBytes).toBeGreaterThanOrEqual(memory!.idleRssBytes);
  });

  it("libnats publishes, consumes and times an open loop against JetStream", async () => {
    await expectEveryPhase(new JetStreamLibnatsDriver(knobs));
  });
});
