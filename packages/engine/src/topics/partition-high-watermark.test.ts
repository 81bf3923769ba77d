import { describe, expect, it } from "vitest";
import { ledPartition } from "./test-support/led-partition.js";

describe("high watermark", () => {
  it("is the least offset every ISR member holds, and advances as the slowest one fetches", async () => {
    const { partition } = await ledPartition([1, 2, 3], [1, 2, 3], 100);
    // A new leader knows no follower position yet.
    expect(partition.highWatermark).toBe(0);
    partition.recordFollowerFetch(2, 80);
    expect(partition.highWatermark).toBe(0);
    partition.recordFollowerFetch(3, 60);
    expect(partition.highWatermark).toBe(60);
    partition.recordFollowerFetch(3, 90);
    expect(partition.highWatermark).toBe(80);
  });

  it("ignores followers outside the ISR, and moves up when a lagging member leaves it", async () => {
    const { partition } = await ledPartition([1, 2, 3], [1, 2, 3], 100);
    partition.recordFollowerFetch(2, 100);
    partition.recordFollowerFetch(3, 10);
    expect(partition.highWatermark).toBe(10);
    partition.isrConfirmed([1, 2]);
    expect(partition.highWatermark).toBe(100);
  });

  it("never moves back, even when a follower reports a lower offset", async () => {
    const { partition } = await ledPartition([1, 2], [1, 2], 100);
    partition.recordFollowerFetch(2, 70);
    partition.recordFollowerFetch(2, 40);
    expect(partition.highWatermark).toBe(70);
  });

  it("answers acks=all waits: reached once the ISR has the offset, timeout on the clock, not-leader on losing leadership", async () => {
    const { partition, clock } = await ledPartition([1, 2], [1, 2], 100);
    const reached = partition.waitForHighWatermark(49, 5_000);
    partition.recordFollowerFetch(2, 50);
    expect(await reached).toBe("reached");

    const timedOut = partition.waitForHighWatermark(99, 5_000);
    clock.advance(4_999);
    partition.recordFollowerFetch(2, 60);
    clock.advance(1);
    expect(await timedOut).toBe("timeout");

    const deposed = partition.waitForHighWatermark(99, 5_000);
    partition.becomeFollower(2, 2);
    expect(await deposed).toBe("not-leader");
    expect(clock.pendingTimers).toBe(0);
  });

  it("answers each acks=all wait on the follower fetch that commits it, with no clock time passing", async () => {
    const { partition, clock } = await ledPartition([1, 2, 3], [1, 2, 3], 100);
    const settled: number[] = [];
    for (const offset of [10, 20, 30]) void partition.waitForHighWatermark(offset, 5_000).then((result) => result === "reached" && settled.push(offset));
    partition.recordFollowerFetch(2, 25);
    partition.recordFollowerFetch(3, 25);
    await Promise.resolve();
    expect(settled).toEqual([10, 20]);
    partition.recordFollowerFetch(3, 100);
    await Promise.resolve();
    expect(settled).toEqual([10, 20]);
    partition.recordFollowerFetch(2, 31);
    await Promise.resolve();
    expect(settled).toEqual([10, 20, 30]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("never passes the leader's own durable end, while followers already hold (and fsynced) more", async () => {
    // The log end is what this leader has fsynced; followers copy batches before that fsync ends.
    const { partition, log } = await ledPartition([1, 2, 3], [1, 2, 3], 100);
    partition.recordFollowerFetch(2, 130);
    partition.recordFollowerFetch(3, 120);
    expect(partition.highWatermark).toBe(100);
    log.logEndOffset = 125;
    partition.recordFollowerFetch(3, 120);
    expect(partition.highWatermark).toBe(120);
    partition.recordFollowerFetch(3, 140);
    expect(partition.highWatermark).toBe(125);
  });
});
