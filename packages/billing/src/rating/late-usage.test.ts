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
  const billedRows = [row("2026-03-10T00:00:00Z", "120")];
  const billed = rateUsage(prices, ACCOUNT, MARCH, billedRows);
  if (!billed.ok) throw new Error(billed.error);

  it("bills usage that arrived after close as a labelled adjustment that continues the tiers", () => {
    const late = row("2026-03-31T23:00:00Z", "50");
    const adjustments = lateUsageAdjustments(prices, ACCOUNT, MARCH, billed.value, [...billedRows, late]);
    // 120 units were billed (100 free, 20 at 10 cents); the 50 late ones are the 121st to 170th, all past the free tier.
    expect(adjustments).toEqual({
      ok: true,
      value: [
        expect.objectContaining({
          kind: "adjustment",
          quantity: "50",
          amountMinor: 500,
          description: "Adjustment: Data in used 2026-03-01 to 2026-04-01 (UTC), reported after that period was billed",
        }),
      ],
    });
  });

  it("has nothing to add when no usage arrived late", () => {
    expect(lateUsageAdjustments(prices, ACCOUNT, MARCH, billed.value, billedRows)).toEqual({ ok: true, value: [] });
  });

  it("refuses to turn shrunken usage into an adjustment", () => {
    const result = lateUsageAdjustments(prices, ACCOUNT, MARCH, billed.value, [row("2026-03-10T00:00:00Z", "110")]);
    expect(result.ok).toBe(false);
  });
});
