import { describe, expect, it } from "vitest";
import { describePrice } from "./describe-price";

describe("describePrice", () => {
  it("says unit prices per unit, whole dollars as dollars, zero as free", () => {
    expect([
      describePrice({ kind: "unit", unitPriceMinor: "0.0137" }, "GiB-hours"),
      describePrice({ kind: "unit", unitPriceMinor: "400" }, "SPU-hours"),
      describePrice({ kind: "unit", unitPriceMinor: "0" }, "GiB"),
    ]).toEqual(["0.0137¢ per GiB-hour", "$4.00 per SPU-hour", "free"]);
  });

  it("walks the tiers", () => {
    const tiers = [
      { upTo: "10", unitPriceMinor: "0" },
      { upTo: "1000", unitPriceMinor: "6" },
      { upTo: null, unitPriceMinor: "4" },
    ];
    expect(describePrice({ kind: "graduated", tiers }, "GiB")).toBe("first 10 GiB: free; 10–1000 GiB: 6¢ per GiB; above 1000 GiB: 4¢ per GiB");
    expect(describePrice({ kind: "volume", tiers: tiers.slice(1) }, "GiB")).toBe("first 1000 GiB: 6¢ per GiB; above 1000 GiB: 4¢ per GiB (every unit at the rate of the tier reached)");
  });
});
