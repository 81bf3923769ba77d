import { describe, expect, it } from "vitest";
import { Decimal } from "../money/decimal.js";
import { cumulativeCost, priceSchema } from "./price.js";

const tiers = [
  { upTo: "100", unitPriceMinor: "0" },
  { upTo: "1000", unitPriceMinor: "10" },
  { upTo: null, unitPriceMinor: "5" },
];

describe("cumulativeCost", () => {
  it("prices each unit at its own tier when graduated", () => {
    const price = priceSchema.parse({ kind: "graduated", tiers });
    expect(cumulativeCost(price, new Decimal(50)).toString()).toBe("0");
    expect(cumulativeCost(price, new Decimal(150)).toString()).toBe("500");
    expect(cumulativeCost(price, new Decimal(1100)).toString()).toBe("9500");
  });

  it("prices every unit at the reached tier when volume", () => {
    const price = priceSchema.parse({ kind: "volume", tiers });
    expect(cumulativeCost(price, new Decimal(100)).toString()).toBe("0");
    expect(cumulativeCost(price, new Decimal("100.5")).toString()).toBe("1005");
    expect(cumulativeCost(price, new Decimal(150)).toString()).toBe("1500");
    expect(cumulativeCost(price, new Decimal(1100)).toString()).toBe("5500");
  });

  it("keeps sub-cent unit prices exact", () => {
    const price = priceSchema.parse({ kind: "unit", unitPriceMinor: "0.0137" });
    expect(cumulativeCost(price, new Decimal("730.5")).toString()).toBe("10.00785");
  });

  it("rejects tiers whose last tier is bounded or whose bounds do not increase", () => {
    expect(priceSchema.safeParse({ kind: "graduated", tiers: [{ upTo: "10", unitPriceMinor: "1" }] }).success).toBe(false);
    expect(
      priceSchema.safeParse({
        kind: "graduated",
        tiers: [
          { upTo: "10", unitPriceMinor: "1" },
          { upTo: "5", unitPriceMinor: "1" },
          { upTo: null, unitPriceMinor: "1" },
        ],
      }).success,
    ).toBe(false);
  });
});
