import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNT, MARCH, book, row, version } from "../test-support/fixtures.js";
import { HOUR_MS } from "../usage/time.js";
import type { UsageRow } from "../usage/usage-row.js";
import { rateUsage, totalOf } from "./rate-usage.js";

const graduated = (afterFree: string) => ({
  kind: "graduated" as const,
  tiers: [
    { upTo: "100", unitPriceMinor: "0" },
    { upTo: null, unitPriceMinor: afterFree },
  ],
});

describe("rateUsage", () => {
  it("splits a period at a price change and carries the graduated tiers across it", () => {
    // First 100 GiB free, then 10 cents; from the 15th, first 100 free, then 8 cents.
    const prices = book([
      version({ id: "v1", from: "2026-01-01T00:00:00Z", to: "2026-03-15T00:00:00Z", price: graduated("10") }),
      version({ id: "v2", from: "2026-03-15T00:00:00Z", price: graduated("8") }),
    ]);
    const rows = [row("2026-03-02T00:00:00Z", "90"), row("2026-03-14T23:00:00Z", "60"), row("2026-03-15T00:00:00Z", "100")];
    const lines = rateUsage(prices, ACCOUNT, MARCH, rows);
    if (!lines.ok) throw new Error(lines.error);
    expect(lines.value.map((l) => [l.priceVersionId, l.quantity, l.amountMinor])).toEqual([
      ["v1", "150", 500],
      ["v2", "100", 800],
    ]);
    expect(totalOf(lines.value)).toBe(1300);
  });

  it("rounds once per line, half up, not once per hourly row", () => {
    const prices = book([version({ id: "v1", from: "2026-01-01T00:00:00Z", price: { kind: "unit", unitPriceMinor: "0.3" } })]);
    // Five rows of 0.3 cents: per-row rounding would bill 0; the line is 1.5 cents, which rounds up to 2.
    const rows = [0, 1, 2, 3, 4].map((h) => row(new Date(MARCH.start + h * HOUR_MS).toISOString(), "1"));
    const lines = rateUsage(prices, ACCOUNT, MARCH, rows);
    expect(lines.ok && lines.value.map((l) => l.amountMinor)).toEqual([2]);
  });

  it("ignores rows of other accounts and outside the period", () => {
    const prices = book([version({ id: "v1", from: "2026-01-01T00:00:00Z", price: { kind: "unit", unitPriceMinor: "1" } })]);
    const rows = [row("2026-02-28T23:00:00Z", "5"), row("2026-04-01T00:00:00Z", "7"), { ...row("2026-03-03T00:00:00Z", "11"), accountId: "acct-2" }, row("2026-03-31T23:00:00Z", "3")];
    const lines = rateUsage(prices, ACCOUNT, MARCH, rows);
    expect(lines.ok && totalOf(lines.value)).toBe(3);
  });

  const hours = (MARCH.end - MARCH.start) / HOUR_MS;
  const usageArb = fc.array(
    fc.record({ hour: fc.integer({ min: 0, max: hours - 1 }), quantity: fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/), dimension: fc.constantFrom("ingress_gib" as const, "storage_gib_hours" as const) }),
    { maxLength: 40 },
  );
  const toRows = (usage: { hour: number; quantity: string; dimension: "ingress_gib" | "storage_gib_hours" }[]): UsageRow[] =>
    usage.map((u) => row(new Date(MARCH.start + u.hour * HOUR_MS).toISOString(), u.quantity, u.dimension));
  const tierArb = fc.constantFrom(
    { kind: "unit" as const, unitPriceMinor: "7" },
    {
      kind: "graduated" as const,
      tiers: [
        { upTo: "100", unitPriceMinor: "0" },
        { upTo: "500", unitPriceMinor: "10" },
        { upTo: null, unitPriceMinor: "4" },
      ],
    },
    {
      kind: "volume" as const,
      tiers: [
        { upTo: "100", unitPriceMinor: "9" },
        { upTo: null, unitPriceMinor: "6" },
      ],
    },
  );

  it("never changes the total when a period is split anywhere without a price change", () => {
    fc.assert(
      fc.property(usageArb, tierArb, fc.integer({ min: 1, max: hours - 1 }), (usage, price, cutHour) => {
        // The same price written as two versions meeting at an arbitrary hour.
        const cut = new Date(MARCH.start + cutHour * HOUR_MS).toISOString();
        const one = book(["ingress_gib", "storage_gib_hours"].map((d) => version({ id: `one-${d}`, dimension: d as "ingress_gib", from: "2026-01-01T00:00:00Z", price })));
        const two = book(
          (["ingress_gib", "storage_gib_hours"] as const).flatMap((d) => [
            version({ id: `a-${d}`, dimension: d, from: "2026-01-01T00:00:00Z", to: cut, price }),
            version({ id: `b-${d}`, dimension: d, from: cut, price }),
          ]),
        );
        const whole = rateUsage(one, ACCOUNT, MARCH, toRows(usage));
        const split = rateUsage(two, ACCOUNT, MARCH, toRows(usage));
        if (!whole.ok || !split.ok) return false;
        // Each line rounds once, so two lines may differ from one by at most half a cent each.
        const tolerance = split.value.length - whole.value.length;
        return Math.abs(totalOf(split.value) - totalOf(whole.value)) <= tolerance;
      }),
    );
  });

  it("never changes the exact total when the cut falls on whole-cent amounts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ hour: fc.integer({ min: 0, max: hours - 1 }), quantity: fc.integer({ min: 0, max: 2000 }) }), { maxLength: 40 }),
        fc.integer({ min: 1, max: hours - 1 }),
        (usage, cutHour) => {
          const price = {
            kind: "graduated" as const,
            tiers: [
              { upTo: "100", unitPriceMinor: "0" },
              { upTo: "500", unitPriceMinor: "10" },
              { upTo: null, unitPriceMinor: "4" },
            ],
          };
          const cut = new Date(MARCH.start + cutHour * HOUR_MS).toISOString();
          const rows = usage.map((u) => row(new Date(MARCH.start + u.hour * HOUR_MS).toISOString(), String(u.quantity)));
          const whole = rateUsage(book([version({ id: "one", from: "2026-01-01T00:00:00Z", price })]), ACCOUNT, MARCH, rows);
          const split = rateUsage(book([version({ id: "a", from: "2026-01-01T00:00:00Z", to: cut, price }), version({ id: "b", from: cut, price })]), ACCOUNT, MARCH, rows);
          expect(whole.ok && split.ok && totalOf(split.value)).toBe(whole.ok && totalOf(whole.value));
        },
      ),
    );
  });

  it("is deterministic: the same inputs in any order give the same lines", () => {
    fc.assert(
      fc.property(usageArb, tierArb, (usage, price) => {
        const prices = book(
          (["ingress_gib", "storage_gib_hours"] as const).flatMap((d) => [
            version({ id: `a-${d}`, dimension: d, from: "2026-01-01T00:00:00Z", to: "2026-03-15T00:00:00Z", price }),
            version({ id: `b-${d}`, dimension: d, from: "2026-03-15T00:00:00Z", price: { kind: "unit", unitPriceMinor: "3" } }),
          ]),
        );
        const rows = toRows(usage);
        expect(rateUsage(prices, ACCOUNT, MARCH, [...rows].reverse())).toEqual(rateUsage(prices, ACCOUNT, MARCH, rows));
      }),
    );
  });
});
