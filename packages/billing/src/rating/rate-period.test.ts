import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNT, MARCH, at, book, row, version } from "../test-support/fixtures.js";
import { HOUR_MS } from "../usage/time.js";
import { ratePeriod } from "./rate-period.js";

const GRACE = 2 * HOUR_MS;
const prices = book([
  version({ id: "v1", from: "2026-01-01T00:00:00Z", to: "2026-03-16T00:00:00Z", price: { kind: "unit", unitPriceMinor: "10" } }),
  version({ id: "v2", from: "2026-03-16T00:00:00Z", price: { kind: "unit", unitPriceMinor: "20" } }),
]);
// 1 GiB every hour of March.
const rows = Array.from({ length: (MARCH.end - MARCH.start) / HOUR_MS }, (_, h) => row(new Date(MARCH.start + h * HOUR_MS).toISOString(), "1"));

describe("ratePeriod", () => {
  it("estimates month to date and forecasts the month end with the prices scheduled for the rest of it", () => {
    const result = ratePeriod({ book: prices, account: ACCOUNT, period: MARCH, graceMs: GRACE, asOf: at("2026-03-11T00:00:00Z"), rows });
    // 10 days seen at 10 cents/h = 2400; the rest: 5 days at 10 and 16 days at 20 cents an hour.
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ status: "open", totalMinor: 2400, forecastMinor: 2400 + 5 * 24 * 10 + 16 * 24 * 20 }) });
  });

  it("counts a partial current hour as seen and projects from the next hour", () => {
    const result = ratePeriod({ book: prices, account: ACCOUNT, period: MARCH, graceMs: GRACE, asOf: at("2026-03-01T01:30:00Z"), rows });
    expect(result.ok && result.value).toEqual(expect.objectContaining({ status: "open", totalMinor: 20, forecastMinor: 15 * 24 * 10 + 16 * 24 * 20 }));
  });

  it("stays open during the grace and becomes final after it, with the same lines once all usage is in", () => {
    const inGrace = ratePeriod({ book: prices, account: ACCOUNT, period: MARCH, graceMs: GRACE, asOf: MARCH.end + GRACE - 1, rows });
    const closed = ratePeriod({ book: prices, account: ACCOUNT, period: MARCH, graceMs: GRACE, asOf: MARCH.end + GRACE, rows });
    expect(inGrace.ok && inGrace.value.status).toBe("open");
    expect(closed.ok && closed.value).toEqual({ status: "final", lines: inGrace.ok && inGrace.value.lines, totalMinor: 15 * 24 * 10 + 16 * 24 * 20 });
  });

  it("is deterministic for any clock", () => {
    fc.assert(
      fc.property(fc.integer({ min: MARCH.start, max: MARCH.end + 2 * GRACE }), (asOf) => {
        const input = { book: prices, account: ACCOUNT, period: MARCH, graceMs: GRACE, asOf, rows };
        expect(ratePeriod(input)).toEqual(ratePeriod({ ...input, rows: [...rows].reverse() }));
      }),
      { numRuns: 30 },
    );
  });
});
