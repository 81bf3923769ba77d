import { describe, expect, it } from "vitest";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { HighWatermarkWaits, type HighWatermarkWait } from "./high-watermark-waits.js";

/** Starts waits for `offsets` and records each outcome as it settles, in settling order. */
function waitFor(waits: HighWatermarkWaits, offsets: readonly number[], timeoutMs = 1_000): { settled: string[]; done: Promise<unknown> } {
  const settled: string[] = [];
  const done = Promise.all(offsets.map((offset) => waits.wait(offset, timeoutMs).then((result: HighWatermarkWait) => settled.push(`${offset}:${result}`))));
  return { settled, done };
}

describe("acks=all waits of a partition", () => {
  it("are settled by a high-watermark move exactly as far as it passes them, lowest offset first, whatever order they came in", async () => {
    const waits = new HighWatermarkWaits(new ManualClock());
    const { settled } = waitFor(waits, [5, 1, 3, 9, 3]);
    waits.settleThrough(4);
    await Promise.resolve();
    expect(settled).toEqual(["1:reached", "3:reached", "3:reached"]);
    expect(waits.size).toBe(2);
    // The high watermark is the next offset to commit: a wait for offset 5 needs 6.
    waits.settleThrough(5);
    await Promise.resolve();
    expect(waits.size).toBe(2);
    waits.settleThrough(10);
    await Promise.resolve();
    expect(settled).toEqual(["1:reached", "3:reached", "3:reached", "5:reached", "9:reached"]);
    expect(waits.size).toBe(0);
  });

  it("time out on the clock, leave the queue when they do, and cancel their timers when settled otherwise", async () => {
    const clock = new ManualClock();
    const waits = new HighWatermarkWaits(clock);
    const early = waitFor(waits, [1], 100);
    clock.advance(50);
    const late = waitFor(waits, [2, 7], 100);
    clock.advance(50);
    await early.done;
    expect(early.settled).toEqual(["1:timeout"]);
    expect(waits.size).toBe(2);
    waits.settleThrough(3);
    waits.settleAll("not-leader");
    await late.done;
    expect(late.settled).toEqual(["2:reached", "7:not-leader"]);
    expect(waits.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});
