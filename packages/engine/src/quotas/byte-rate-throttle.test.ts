import { describe, expect, it } from "vitest";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { ByteRateThrottle } from "./byte-rate-throttle.js";

const RATE = 64 * 1024;

describe("ByteRateThrottle", () => {
  it("lets a client run a second ahead of its rate, then throttles it by the excess", () => {
    const clock = new ManualClock();
    const throttle = new ByteRateThrottle(clock);
    expect(throttle.record("user=a", RATE, RATE)).toBe(0);
    // Two seconds' worth at once: one second over the allowed burst.
    expect(throttle.record("user=a", RATE, RATE)).toBe(1_000);
    clock.advance(1_000);
    // Having waited as told, the client is back at its burst allowance: a small send is throttled by its own cost only.
    expect(throttle.record("user=a", RATE, RATE / 4)).toBe(250);
  });

  it("holds a client that obeys every throttle to its rate over time", () => {
    const clock = new ManualClock();
    const throttle = new ByteRateThrottle(clock);
    const start = clock.now();
    let sent = 0;
    while (clock.now() - start < 60_000) {
      const wait = throttle.record("user=a", RATE, 16 * 1024);
      sent += 16 * 1024;
      clock.advance(Math.max(wait, 1));
    }
    const rate = sent / ((clock.now() - start) / 1000);
    expect(rate).toBeGreaterThan(RATE * 0.95);
    expect(rate).toBeLessThan(RATE * 1.05);
  });

  it("keeps buckets apart and never throttles a client that stays under its rate", () => {
    const clock = new ManualClock();
    const throttle = new ByteRateThrottle(clock);
    expect(throttle.record("user=a", RATE, 3 * RATE)).toBe(2_000);
    for (let second = 0; second < 10; second++) {
      expect(throttle.record("user=b", RATE, RATE / 2)).toBe(0);
      clock.advance(1_000);
    }
  });

  it("starts afresh when the rate changes, so lifting a cap lifts the throttle at once", () => {
    const clock = new ManualClock();
    const throttle = new ByteRateThrottle(clock);
    expect(throttle.record("user=a", RATE, 10 * RATE)).toBe(9_000);
    expect(throttle.record("user=a", 100 * RATE, RATE)).toBe(0);
  });
});
