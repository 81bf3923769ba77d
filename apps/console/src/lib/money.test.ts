import { describe, expect, it } from "vitest";
import { formatMoney, parseDollars } from "./money";

describe("money", () => {
  it("formats cents as dollars", () => {
    expect([formatMoney(0), formatMoney(75_000), formatMoney(-170), formatMoney(123_456_78), formatMoney(5, "eur")]).toEqual(["$0.00", "$750.00", "-$1.70", "$123,456.78", "0.05 EUR"]);
  });

  it("reads dollars typed into a form as cents, empty as none", () => {
    expect([parseDollars("250"), parseDollars(" $1,200.50 "), parseDollars("")]).toEqual([
      { ok: true, minor: 25_000 },
      { ok: true, minor: 120_050 },
      { ok: true, minor: null },
    ]);
    expect(parseDollars("12.345")).toEqual({ ok: false, message: "Type an amount in dollars, such as 250 or 99.50." });
    expect(parseDollars("0")).toEqual({ ok: false, message: "Type an amount above zero, or leave it empty for none." });
  });
});
