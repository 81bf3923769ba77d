/*
 * A leader's reads for followers: batches whose fsync is under way go out at once, so the
 * followers' fsyncs overlap the leader's; consumers' reads and the durable log end do not
 * move until the fsync ends.
 */
import { describe, expect, it } from "vitest";
import { SimulatedDisk } from "./fs/simulated-disk.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { appendEpochs } from "./test-support/leader-batches.js";
import { openTestLog, waitFor } from "./test-support/open-test-log.js";
import { batchesIn, testBatch } from "./test-support/test-batches.js";

async function leaderLog() {
  const disk = new SimulatedDisk(new ManualClock(10_000));
  const { log } = await openTestLog({}, { fs: disk });
  await appendEpochs(log, [1, 1]);
  return { log, disk };
}

describe("readForReplica", () => {
  it("sends a group still being fsynced, after the durable batches, while the durable end and other reads wait for the fsync", async () => {
    const { log, disk } = await leaderLog();
    let written = 0;
    log.onWritten(() => (written += 1));
    const release = disk.holdSyncs();
    const appended = log.append(await testBatch({ count: 3 }), 1);
    await waitFor(() => log.writtenEndOffset === 7);

    expect(written).toBe(1);
    expect(log.logEndOffset).toBe(4);
    expect(batchesIn((await log.read(0, 1 << 20, 100, true)).chunks).map((h) => h.baseOffset)).toEqual([0, 2]);
    expect(batchesIn((await log.readForReplica(0, 1 << 20, true)).chunks).map((h) => [h.baseOffset, h.lastOffsetDelta])).toEqual([
      [0, 1],
      [2, 1],
      [4, 2],
    ]);
    expect(batchesIn((await log.readForReplica(4, 1 << 20, true)).chunks).map((h) => h.baseOffset)).toEqual([4]);
    expect((await log.readForReplica(7, 1 << 20, true)).bytes).toBe(0);

    release();
    expect(await appended).toMatchObject({ baseOffset: 4, lastOffset: 6 });
    expect([log.logEndOffset, log.writtenEndOffset]).toEqual([7, 7]);
  });

  it("keeps to maxBytes in whole batches, the first whole even when larger", async () => {
    const { log, disk } = await leaderLog();
    const release = disk.holdSyncs();
    const appended = log.append(await testBatch({ count: 2, valueBytes: 500 }), 1);
    await waitFor(() => log.writtenEndOffset === 6);
    expect(batchesIn((await log.readForReplica(0, 1000, true)).chunks).map((h) => h.baseOffset)).toEqual([0, 2]);
    expect(batchesIn((await log.readForReplica(4, 300, true)).chunks).map((h) => h.baseOffset)).toEqual([4]);
    expect((await log.readForReplica(4, 300, false)).bytes).toBe(0);
    release();
    await appended;
  });
});
