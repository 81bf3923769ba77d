import { describe, expect, it } from "vitest";
import { formatConnectorReport } from "./connector-report.js";
import { DIRECTIONS, runConnectorBench } from "./run-connector-bench.js";

/*
 * Keeps the connector benchmark from rotting: a tiny run through every built-in connector
 * direction against the machine's Mosquitto, NATS and PostgreSQL. Rates are not judged, only
 * that every row ran both ways (each run waits until all its records reached the target).
 */
describe("connector bench smoke run", () => {
  it("measures every built-in connector direction and its plain loop", async () => {
    const rows = await runConnectorBench(200, 20_000, () => undefined);
    expect(rows.map((r) => r.type)).toEqual(["http-source", "http-sink", "mqtt-source", "mqtt-sink", "nats-source", "nats-sink", "postgres-sink", "kafka-source", "kafka-sink", "lake-sink"]);
    expect(DIRECTIONS).toHaveLength(10);
    for (const row of rows) {
      expect(row.records).toBe(200);
      expect(row.connectorRate).toBeGreaterThan(0);
      expect(row.plainRate).toBeGreaterThan(0);
    }
    const lines = formatConnectorReport(rows).split("\n");
    expect(lines).toHaveLength(12);
    expect(lines[2]).toMatch(/^http-source +\| .+ \| +200 \| +[\d,]+ \| +[\d,]+ \| +\d+\.\d\d× \| fetch/);
  }, 60_000);
});
