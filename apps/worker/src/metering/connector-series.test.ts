import { Decimal } from "@freshet/billing/money";
import { describe, expect, it } from "vitest";
import { withConnectorSeries } from "./connector-series.js";
import { INCARNATION_SERIES, type SpuReading } from "./metered-series.js";
import { meterReading, type Cursor, type ReadingDelta } from "./usage-delta.js";

const T0 = Date.parse("2026-12-07T10:30:00Z");
const MINUTE = 60_000;

function spu(spuId: number, readAt: number): SpuReading {
  return { spuId, incarnation: `inc-${spuId}`, readAt, series: [{ series: INCARNATION_SERIES, metric: "freshet_process_incarnation_info", value: new Decimal(1) }] };
}

function applied(delta: ReadingDelta): Exclude<ReadingDelta, { stale: true }> {
  if (delta.stale) throw new Error("stale");
  return delta;
}

const connectorHours = (delta: ReadingDelta) =>
  applied(delta)
    .events.filter((e) => e.dimension === "connector_hours")
    .map((e) => [new Date(e.eventTime).toISOString(), e.quantity.toFixed()]);

describe("withConnectorSeries", () => {
  it("adds one series per running connector to the lowest SPU's reading only", () => {
    const [one, zero] = withConnectorSeries([spu(1, T0), spu(0, T0)], ["con_a", "con_b"]);
    expect(one!.series.map((s) => s.series)).toEqual([INCARNATION_SERIES]);
    expect(zero!.series.map((s) => [s.series, s.metric, s.value.toFixed()])).toEqual([
      [INCARNATION_SERIES, "freshet_process_incarnation_info", "1"],
      ['freshet_connector_running{connector="con_a"}', "freshet_connector_running", "1"],
      ['freshet_connector_running{connector="con_b"}', "freshet_connector_running", "1"],
    ]);
    expect(withConnectorSeries([spu(0, T0)], [])).toEqual([spu(0, T0)]);
  });

  it("is integrated into connector-hours per running connector, split at UTC hours, with replay-safe ids", () => {
    const first = applied(meterReading("clu_a", withConnectorSeries([spu(0, T0)], ["con_a", "con_b"])[0]!, new Map()));
    expect(connectorHours(first)).toEqual([]);
    const cursors = new Map<string, Cursor>(first.cursors.map((c) => [c.series, c]));
    // An hour later both still run: 2 connector-hours, half before 11:00 and half after.
    const later = withConnectorSeries([spu(0, T0 + 60 * MINUTE)], ["con_a", "con_b"])[0]!;
    const second = meterReading("clu_a", later, cursors);
    expect(connectorHours(second)).toEqual([
      ["2026-12-07T10:30:00.000Z", "1"],
      ["2026-12-07T11:00:00.000Z", "1"],
    ]);
    expect(meterReading("clu_a", later, cursors)).toEqual(second);
    // con_b stopped in between: only con_a's hour is billed.
    const oneStopped = meterReading("clu_a", withConnectorSeries([spu(0, T0 + 60 * MINUTE)], ["con_a"])[0]!, cursors);
    expect(connectorHours(oneStopped).map(([, quantity]) => quantity)).toEqual(["0.5", "0.5"]);
  });
});
