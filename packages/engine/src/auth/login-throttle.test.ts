import { describe, expect, it } from "vitest";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { LoginThrottle } from "./login-throttle.js";

const settings = { baseDelayMs: 100, maxDelayMs: 800, forgetAfterMs: 10_000, maxAddresses: 3 };

describe("LoginThrottle", () => {
  it("lets an address without failures log in at once", () => {
    const throttle = new LoginThrottle(new ManualClock(0), settings);
    expect(throttle.waitBeforeAttempt("10.0.0.1")).toBe(0);
    expect(throttle.waitBeforeAttempt("10.0.0.1")).toBe(0);
  });

  it("delays each failed answer by a delay that doubles up to the ceiling", () => {
    const throttle = new LoginThrottle(new ManualClock(0), settings);
    expect([1, 2, 3, 4, 5, 6].map(() => throttle.failed("10.0.0.1"))).toEqual([100, 200, 400, 800, 800, 800]);
  });

  it("holds a failing address's next attempts until the pending delays have passed, but not other addresses", () => {
    const clock = new ManualClock(1_000);
    const throttle = new LoginThrottle(clock, settings);
    // A burst of parallel failures: each pushes the address's next attempt one more delay away.
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");
    expect(throttle.waitBeforeAttempt("10.0.0.1")).toBe(300);
    expect(throttle.waitBeforeAttempt("10.0.0.1")).toBe(300);
    clock.advance(300);
    expect(throttle.waitBeforeAttempt("10.0.0.1")).toBe(0);
    expect(throttle.waitBeforeAttempt("10.0.0.2")).toBe(0);
  });

  it("never makes anyone on the address wait longer than the ceiling, however many failures arrive at once", () => {
    const throttle = new LoginThrottle(new ManualClock(0), settings);
    for (let i = 0; i < 50; i++) throttle.failed("10.0.0.1");
    expect(throttle.waitBeforeAttempt("10.0.0.1")).toBe(800);
  });

  it("forgets an address after a quiet period, and the oldest address beyond its memory", () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock, settings);
    throttle.failed("a");
    clock.advance(10_001);
    expect(throttle.waitBeforeAttempt("a")).toBe(0);
    expect(throttle.failed("a")).toBe(100);
    for (const address of ["b", "c", "d"]) throttle.failed(address);
    expect(throttle.size).toBe(3);
    expect(throttle.waitBeforeAttempt("a")).toBe(0);
  });
});
