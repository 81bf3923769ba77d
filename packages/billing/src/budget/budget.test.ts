import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALERT_LEVELS, alertsToFire, budgetSettingsSchema, capState, type AlertLevel } from "./budget.js";

describe("alertsToFire", () => {
  it("fires each level reached once per period", () => {
    expect(alertsToFire(4_999, 10_000, [])).toEqual([]);
    expect(alertsToFire(5_000, 10_000, [])).toEqual([50]);
    expect(alertsToFire(9_100, 10_000, [50])).toEqual([75, 90]);
    expect(alertsToFire(12_000, 10_000, [50, 75, 90])).toEqual([100]);
    expect(alertsToFire(12_000, 10_000, [50, 75, 90, 100])).toEqual([]);
    expect(alertsToFire(12_000, null, [])).toEqual([]);
  });

  it("fires every level exactly once however the spend grows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.integer({ min: 0, max: 200_000 })), (budget, increments) => {
        const fired: AlertLevel[] = [];
        let spend = 0;
        for (const increment of increments) {
          spend += increment;
          fired.push(...alertsToFire(spend, budget, fired));
        }
        expect(new Set(fired).size).toBe(fired.length);
        expect(fired.sort((a, b) => a - b)).toEqual(ALERT_LEVELS.filter((level) => spend * 100 >= budget * level));
      }),
    );
  });
});

describe("capState", () => {
  it("caps once spend reaches the hard cap", () => {
    expect(capState(9_999, 10_000)).toBe("uncapped");
    expect(capState(10_000, 10_000)).toBe("capped");
    expect(capState(1_000_000, null)).toBe("uncapped");
  });
});

describe("budgetSettingsSchema", () => {
  it("accepts a budget without a cap and rejects fractional cents", () => {
    expect(budgetSettingsSchema.parse({ budgetMinor: 50_000, hardCapMinor: null })).toEqual({ budgetMinor: 50_000, hardCapMinor: null });
    expect(budgetSettingsSchema.safeParse({ budgetMinor: 10.5, hardCapMinor: null }).success).toBe(false);
  });
});
