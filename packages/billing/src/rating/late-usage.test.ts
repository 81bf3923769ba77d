import { describe, expect, it } from "vitest";
import { ACCOUNT, MARCH, book, row, version } from "../test-support/fixtures.js";
import { lateUsageAdjustments } from "./late-usage.js";
import { rateUsage } from "./rate-usage.js";

const prices = book([
  version({
    id: "v1",
    from: "2026-01-01T00:00:00Z",
    price: {
      kind: "graduated",
      tiers: [
        { upTo: "100", unitPriceMinor: "0" },
        { upTo: null, unitPriceMinor: "10" },
      ],
    },
  }),
]);

describe("lateUsageAdjustments", () => {
  const billedRows = [row("2026-03-10T00:00:00Z", "80")];
  const billed = rateUsage(prices, ACCOUNT, MARCH, billedRows);
  if (!billed.ok) throw new Error(billed.error);

  it("bills usage that arrived after close as a labelled adjustment that continues the tiers", () => {
    const late = row("2026-03-31T23:00:00Z", "50");
    const adjustments = lateUsageAdjustments(prices, ACCOUNT, MARCH, billed.value, [...billedRows, late]);
    // 80 free units were billed at 0; the 50 late ones are the 81st to 130th: 20 free, 30 at 10 cents.
    expect(adjustments).toEqual({
      ok: true,
      value: [
        expect.objectContaining({
          kind: "adjustment",
          quantity: "50",
          amountMinor: 300,
          description: "Adjustment for ingress_gib usage in the period 2026-03-01T00:00:00.000Z to 2026-04-01T00:00:00.000Z",
        }),
      ],
    });
  });

  it("has nothing to add when no usage arrived late", () => {
    expect(lateUsageAdjustments(prices, ACCOUNT, MARCH, billed.value, billedRows)).toEqual({ ok: true, value: [] });
  });

  it("refuses to turn shrunken usage into an adjustment", () => {
    const result = lateUsageAdjustments(prices, ACCOUNT, MARCH, billed.value, [row("2026-03-10T00:00:00Z", "70")]);
    expect(result.ok).toBe(false);
  });
});
