import { Decimal } from "@freshet/billing/money";
import { describe, expect, it } from "vitest";
import { METERED_NAMES, spuReading } from "./metered-series.js";
import { parseSamples } from "./prometheus-text.js";

// As prom-client prints it: a histogram beside, an escaped label, a value past 2^53.
const TEXT = `# HELP freshet_process_incarnation_info Always 1.
# TYPE freshet_process_incarnation_info gauge
freshet_process_incarnation_info{incarnation="inc-7"} 1

# HELP freshet_request_seconds Request latency.
# TYPE freshet_request_seconds histogram
freshet_request_seconds_bucket{le="0.1"} 3
freshet_request_seconds_bucket{le="+Inf"} 4
freshet_request_seconds_sum 0.5
freshet_request_seconds_count 4

# HELP freshet_partition_produced_bytes_total Bytes.
# TYPE freshet_partition_produced_bytes_total counter
freshet_partition_produced_bytes_total{topic="we\\"ird",partition="0",incarnation="inc-7"} 9007199254740993
freshet_partition_produced_bytes_total{topic="old",partition="1",incarnation="inc-6"} 5

# HELP freshet_smartmodule_cpu_seconds_total Seconds.
# TYPE freshet_smartmodule_cpu_seconds_total counter
freshet_smartmodule_cpu_seconds_total{smartmodule="m",version="1.0.0",incarnation="inc-7"} 1.25e-3

# HELP freshet_partitions_led Partitions.
# TYPE freshet_partitions_led gauge
freshet_partitions_led 2
`;

describe("parseSamples and spuReading", () => {
  it("reads the metered families with exact values and keys series without the incarnation", () => {
    const parsed = parseSamples(TEXT, METERED_NAMES);
    if (!parsed.ok) throw new Error(parsed.reason);
    const read = spuReading(3, 1_000, parsed.samples);
    if (!read.ok) throw new Error(read.reason);
    expect(read.reading.incarnation).toBe("inc-7");
    expect(read.reading.series.map((s) => [s.series, s.value.toFixed()])).toEqual([
      ["freshet_process_incarnation_info", "1"],
      ['freshet_partition_produced_bytes_total{partition="0",topic="we\\"ird"}', "9007199254740993"],
      ['freshet_smartmodule_cpu_seconds_total{smartmodule="m",version="1.0.0"}', "0.00125"],
      ["freshet_partitions_led", "2"],
    ]);
    expect(read.reading.series[1]!.value).toEqual(new Decimal("9007199254740993"));
  });

  it("refuses a non-finite usage value and a page without exactly one incarnation, in one sentence", () => {
    expect(parseSamples("# TYPE freshet_partitions_led gauge\nfreshet_partitions_led NaN\n", METERED_NAMES)).toEqual({
      ok: false,
      reason: "a sample of freshet_partitions_led value is not a finite number",
    });
    const noIncarnation = parseSamples("# TYPE freshet_partitions_led gauge\nfreshet_partitions_led 1\n", METERED_NAMES);
    if (!noIncarnation.ok) throw new Error(noIncarnation.reason);
    expect(spuReading(0, 0, noIncarnation.samples)).toEqual({ ok: false, reason: "SPU 0 reports 0 incarnations; usage metrics need exactly one (is it started with --metrics-port?)" });
  });
});
