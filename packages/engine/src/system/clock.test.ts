import { describe, expect, it } from "vitest";
import { every, sleep } from "./clock.js";
import { ManualClock } from "./test-support/manual-clock.js";

describe("ManualClock", () => {
  it("fires due timers in due order, ties in scheduling order, each at its own instant", () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.schedule(30, () => fired.push(`c@${clock.now()}`));
    clock.schedule(10, () => fired.push(`a@${clock.now()}`));
    clock.schedule(10, () => fired.push(`b@${clock.now()}`));
    clock.advance(29);
    expect(fired).toEqual(["a@10", "b@10"]);
    clock.advance(1);
    expect(fired).toEqual(["a@10", "b@10", "c@30"]);
    expect(clock.now()).toBe(30);
  });

  it("runs a timer a callback schedules when it falls due within the same advance, and never a cancelled one", () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    const cancel = clock.schedule(5, () => fired.push(-1));
    clock.schedule(10, () => clock.schedule(10, () => fired.push(clock.now())));
    cancel();
    cancel();
    clock.advance(25);
    expect(fired).toEqual([20]);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("every", () => {
  it("runs once per period until cancelled, leaving no timer behind", () => {
    const clock = new ManualClock(0);
    let runs = 0;
    const stop = every(clock, 100, () => runs++);
    clock.advance(99);
    expect(runs).toBe(0);
    clock.advance(301);
    expect(runs).toBe(4);
    stop();
    clock.advance(1_000);
    expect(runs).toBe(4);
    expect(clock.pendingTimers).toBe(0);
  });

  it("stops when cancelled from inside its own callback", () => {
    const clock = new ManualClock(0);
    let runs = 0;
    const stop = every(clock, 10, () => {
      if (++runs === 2) stop();
    });
    clock.advance(100);
    expect(runs).toBe(2);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("sleep", () => {
  it("resolves once the clock passes the delay", async () => {
    const clock = new ManualClock(0);
    let woke = false;
    const slept = sleep(clock, 50).then(() => (woke = true));
    clock.advance(49);
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advance(1);
    await slept;
    expect(woke).toBe(true);
  });
});
