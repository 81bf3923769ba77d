import { describe, expect, it } from "vitest";
import { formatMoney } from "./money.js";

describe("formatMoney", () => {
  it("prints cents as dollars with thousands separators", () => {
    expect([formatMoney(0), formatMoney(5), formatMoney(170), formatMoney(123_405), formatMoney(75_000)]).toEqual(["$0.00", "$0.05", "$1.70", "$1,234.05", "$750.00"]);
  });

  it("puts the sign before the currency, and names other currencies", () => {
    expect([formatMoney(-750), formatMoney(1_200, "eur")]).toEqual(["-$7.50", "12.00 EUR"]);
  });
});
