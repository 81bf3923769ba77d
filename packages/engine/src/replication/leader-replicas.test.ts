import { describe, expect, it } from "vitest";
import { ledPartition } from "../topics/test-support/led-partition.js";

const LAG_MAX_MS = 10_000;

describe("ISR shrink", () => {
  it("drops a follower that has not caught up for longer than the lag limit, and keeps one that has", async () => {
    const { partition, log, clock, proposals } = await ledPartition([1, 2, 3], [1, 2, 3], 100);
    for (let t = 0; t < LAG_MAX_MS; t += 1_000) {
      clock.advance(1_000);
      partition.recordFollowerFetch(2, log.logEndOffset);
      partition.checkIsr(LAG_MAX_MS);
    }
    // Exactly at the limit follower 3 is still in.
    expect(proposals).toEqual([]);
    clock.advance(1);
    partition.checkIsr(LAG_MAX_MS);
    expect(proposals).toEqual([[1, 2]]);
  });

  it("counts a follower that fetches but never reaches what the leader had at its previous fetch as lagging", async () => {
    const { partition, log, clock, proposals } = await ledPartition([1, 2], [1, 2], 100);
    for (let t = 0; t <= LAG_MAX_MS; t += 1_000) {
      clock.advance(1_000);
      log.logEndOffset += 10;
      partition.recordFollowerFetch(2, log.logEndOffset - 20);
    }
    partition.checkIsr(LAG_MAX_MS);
    expect(proposals.at(-1)).toEqual([1]);
  });

  it("keeps a follower that is one fetch behind under steady appends (it holds all the leader had at its previous fetch)", async () => {
    const { partition, log, clock, proposals } = await ledPartition([1, 2], [1, 2], 100);
    for (let t = 0; t <= 3 * LAG_MAX_MS; t += 1_000) {
      clock.advance(1_000);
      log.logEndOffset += 10;
      partition.recordFollowerFetch(2, log.logEndOffset - 10);
      partition.checkIsr(LAG_MAX_MS);
    }
    expect(proposals).toEqual([]);
  });
});

describe("ISR expand", () => {
  it("takes a follower back once it reaches the high watermark, not before", async () => {
    const { partition, log, proposals } = await ledPartition([1, 2, 3], [1, 2], 100);
    partition.recordFollowerFetch(2, 100);
    expect(partition.highWatermark).toBe(100);
    partition.recordFollowerFetch(3, 99);
    expect(proposals).toEqual([]);
    partition.recordFollowerFetch(3, log.logEndOffset);
    expect(proposals).toEqual([[1, 2, 3]]);
  });

  it("makes a follower the controller dropped fetch again before it may rejoin", async () => {
    const { partition, proposals } = await ledPartition([1, 2, 3], [1, 2, 3], 100);
    partition.recordFollowerFetch(2, 100);
    partition.recordFollowerFetch(3, 100);
    partition.isrConfirmed([1, 2]);
    // 3's old position no longer counts: nothing to propose until it fetches.
    partition.checkIsr(LAG_MAX_MS);
    expect(proposals).toEqual([]);
    partition.recordFollowerFetch(3, 100);
    expect(proposals).toEqual([[1, 2, 3]]);
  });
});
