import { describe, expect, it } from "vitest";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { ModuleQuarantine } from "./module-quarantine.js";

const policy = { failuresBeforeQuarantine: 3, firstPeriodMs: 10_000, maxPeriodMs: 25_000 };
const START = Date.UTC(2026, 0, 1);

function setup() {
  const clock = new ManualClock(START);
  return { clock, quarantine: new ModuleQuarantine(policy, clock) };
}

function failTimes(quarantine: ModuleQuarantine, key: string, times: number): (number | null)[] {
  return Array.from({ length: times }, () => quarantine.failed(key));
}

describe("ModuleQuarantine", () => {
  it("quarantines a module after the set number of failures in a row, until a time it names", () => {
    const { quarantine } = setup();
    expect(failTimes(quarantine, "loop", 2)).toEqual([null, null]);
    expect(quarantine.problem("loop", "infinite-loop")).toBeNull();
    expect(quarantine.failed("loop")).toBe(START + 10_000);
    expect(quarantine.problem("loop", "infinite-loop")).toBe("SmartModule 'infinite-loop' is quarantined until 2026-01-01T00:00:10.000Z after failing 3 times in a row (deadline kills or traps)");
    // Other modules are not affected.
    expect(quarantine.problem("other", "other")).toBeNull();
  });

  it("lets the module run again when the period is over, and doubles the period while it keeps failing, up to the maximum", () => {
    const { clock, quarantine } = setup();
    failTimes(quarantine, "loop", 3);
    clock.advance(9_999);
    expect(quarantine.problem("loop", "loop")).not.toBeNull();
    clock.advance(1);
    expect(quarantine.problem("loop", "loop")).toBeNull();
    // On probation: the next failure, with no success between, quarantines it again for twice as long.
    expect(quarantine.failed("loop")).toBe(clock.now() + 20_000);
    clock.advance(20_000);
    expect(quarantine.problem("loop", "loop")).toBeNull();
    // 40 s would be next; the maximum is 25 s.
    expect(quarantine.failed("loop")).toBe(clock.now() + 25_000);
  });

  it("does not lengthen a quarantine for failures of streams that were already running", () => {
    const { clock, quarantine } = setup();
    failTimes(quarantine, "loop", 3);
    clock.advance(5_000);
    expect(failTimes(quarantine, "loop", 4)).toEqual([null, null, null, null]);
    clock.advance(5_000);
    expect(quarantine.problem("loop", "loop")).toBeNull();
    expect(quarantine.failed("loop")).toBe(clock.now() + 20_000);
  });

  it("forgets the failures of a module once it processes a batch", () => {
    const { clock, quarantine } = setup();
    failTimes(quarantine, "flaky", 2);
    quarantine.succeeded("flaky");
    expect(failTimes(quarantine, "flaky", 2)).toEqual([null, null]);
    expect(quarantine.failed("flaky")).toBe(START + 10_000);
    clock.advance(10_000);
    quarantine.succeeded("flaky");
    // A success after a quarantine also resets its length: the next one is the first again.
    failTimes(quarantine, "flaky", 2);
    expect(quarantine.failed("flaky")).toBe(clock.now() + 10_000);
  });
});
