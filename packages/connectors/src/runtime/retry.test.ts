import { describe, expect, it } from "vitest";
import type { ConnectorClock } from "../kit/connector.js";
import { PermanentError } from "../kit/errors.js";
import { ConnectorFailure, withRetry } from "./retry.js";

/** A clock whose sleeps advance time at once and are recorded. */
function steppingClock(): ConnectorClock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const settings = { initialDelayMs: 100, maxDelayMs: 800, timeoutMs: 3_000 };

describe("withRetry", () => {
  it("backs off exponentially up to the maximum and returns the first success", async () => {
    const clock = steppingClock();
    let calls = 0;
    const value = await withRetry("writing", () => (++calls < 6 ? Promise.reject(new Error("connection refused")) : Promise.resolve("done")), settings, clock, new AbortController().signal);
    expect(value).toBe("done");
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 800]);
  });

  it("fails with the last error once the target stayed down past the timeout", async () => {
    const clock = steppingClock();
    const attempt = withRetry("writing to the target", () => Promise.reject(new Error("connection refused")), settings, clock, new AbortController().signal);
    await expect(attempt).rejects.toThrow(new ConnectorFailure("writing to the target kept failing for 3 s (errors.retry.timeoutMs is 3000): connection refused"));
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(3_000);
  });

  it("does not retry a permanent error", async () => {
    const clock = steppingClock();
    let calls = 0;
    const attempt = withRetry(
      "opening",
      () => {
        calls += 1;
        return Promise.reject(new PermanentError("the table orders does not exist"));
      },
      settings,
      clock,
      new AbortController().signal,
    );
    await expect(attempt).rejects.toThrow("opening: the table orders does not exist");
    expect(calls).toBe(1);
  });
});
