import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { describe, expect, it } from "vitest";
import { openTestLog } from "../log/test-support/open-test-log.js";
import { testBatch } from "../log/test-support/test-batches.js";
import type { ManualClock } from "../system/test-support/manual-clock.js";
import { Partition } from "./partition.js";
import { waitForData } from "./wait-for-data.js";

const NEVER = new Promise<void>(() => undefined);

/** A partition this node (id 1) leads with followers 2 and 3 in the ISR, over a log on a simulated disk and a manual clock. */
async function ledByOne(): Promise<{ partition: Partition; clock: ManualClock }> {
  const { log, clock } = await openTestLog();
  const partition = new Partition("orders", 0, log, clock, 1, 0);
  await partition.becomeLeader(1, [1, 2, 3], [1, 2, 3]);
  return { partition, clock };
}

/*
 * The replication path of one acks=all produce has no timer in it: the clock never
 * moves in these tests, so anything that waited on one would never settle.
 */
describe("the replication path of an acks=all produce", () => {
  it("answers a follower's fetch waiting in long poll as soon as the leader's append is durable", async () => {
    const { partition, clock } = await ledByOne();
    const seen = partition.log.logEndOffset;
    const followerWait = waitForData([{ partition, seen, end: () => partition.log.logEndOffset }], 30_000, NEVER, clock);
    let answered = false;
    void followerWait.then(() => (answered = true));
    await Promise.resolve();
    expect(answered).toBe(false);
    const batch = await testBatch({ count: 3 });
    const appended = await partition.append(batch, readBatchHeader(batch));
    expect(appended).toMatchObject({ ok: true, baseOffset: 0, lastOffset: 2 });
    await followerWait;
    expect(answered).toBe(true);
    expect(partition.log.logEndOffset).toBe(3);
    expect(clock.pendingTimers).toBe(0);
  });

  it("moves the high watermark and answers the produce on the fetch with which the last ISR follower reports the offset", async () => {
    const { partition, clock } = await ledByOne();
    const batch = await testBatch({ count: 2 });
    const appended = await partition.append(batch, readBatchHeader(batch));
    if (!appended.ok) throw new Error(appended.message);
    let outcome: string | null = null;
    const acked = partition.waitForHighWatermark(appended.lastOffset, 30_000).then((result) => (outcome = result));
    partition.recordFollowerFetch(2, 2);
    await Promise.resolve();
    expect(partition.highWatermark).toBe(0);
    expect(outcome).toBeNull();
    partition.recordFollowerFetch(3, 2);
    expect(partition.highWatermark).toBe(2);
    await acked;
    expect(outcome).toBe("reached");
    expect(clock.pendingTimers).toBe(0);
  });
});
