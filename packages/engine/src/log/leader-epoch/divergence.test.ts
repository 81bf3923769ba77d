/*
 * Followers finding where their log diverges from the leader's, with real logs on both
 * sides: the leader's `endOffsetForEpoch` stands in for its OffsetForLeaderEpoch answer,
 * and `followerTruncation` decides each step as Kafka's fetcher does.
 */
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../system/test-support/manual-clock.js";
import { SimulatedDisk } from "../fs/simulated-disk.js";
import type { PartitionLog } from "../partition-log.js";
import { appendEpochs, logBytes, storedBatches } from "../test-support/leader-batches.js";
import { openTestLog, waitFor } from "../test-support/open-test-log.js";
import { testBatch } from "../test-support/test-batches.js";
import { followerTruncation } from "./follower-truncation.js";

let logs = 0;

async function newLog(overrides = {}): Promise<PartitionLog> {
  logs += 1;
  return (await openTestLog(overrides, { dir: `/data/replica-${logs}/events-0` })).log;
}

/** Copies the leader's batches holding offsets [from, to) into the follower, as fetches would. */
async function replicate(leader: PartitionLog, follower: PartitionLog, to = leader.logEndOffset): Promise<void> {
  const batches = await storedBatches(leader, follower.logEndOffset, to);
  if (batches.length > 0) await follower.appendReplicated(batches);
}

/** Runs the follower's truncation protocol to the end; returns the offsets it truncated to. */
async function truncateToDivergence(leader: PartitionLog, follower: PartitionLog, highWatermark = 0): Promise<number[]> {
  const cuts: number[] = [];
  for (let round = 0; round < 20; round++) {
    const step = followerTruncation(leader.endOffsetForEpoch(follower.latestEpoch()), follower, highWatermark);
    await follower.truncateTo(step.offset);
    cuts.push(step.offset);
    if (step.complete) return cuts;
  }
  throw new Error("truncation did not converge");
}

async function prefixBytes(log: PartitionLog, end: number): Promise<Buffer> {
  return Buffer.concat(await storedBatches(log, log.logStartOffset, end));
}

describe("a returning follower truncates to the leader's epoch boundary", () => {
  it("drops what it wrote as a stale leader (leader A: epoch 1 at 0-9; follower B: 0-7 of epoch 1, 8-9 of epoch 2)", async () => {
    const a = await newLog();
    await appendEpochs(a, [1, 1, 1, 1, 1]);
    const b = await newLog();
    await replicate(a, b, 8);
    await appendEpochs(b, [2]);
    expect(b.leaderEpochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 8 },
    ]);
    // A is elected at epoch 3 and records it before writing anything.
    await a.assignLeaderEpoch(3);

    expect(a.endOffsetForEpoch(b.latestEpoch())).toEqual({ epoch: 1, endOffset: 10 });
    expect(b.endOffsetForEpoch(1)).toEqual({ epoch: 1, endOffset: 8 });
    expect(await truncateToDivergence(a, b)).toEqual([8]);
    expect(b.logEndOffset).toBe(8);
    expect((await logBytes(b)).equals(await prefixBytes(a, 8))).toBe(true);
    expect(b.leaderEpochs).toEqual([{ epoch: 1, startOffset: 0 }]);

    await appendEpochs(a, [3, 3]);
    await replicate(a, b);
    expect((await logBytes(b)).equals(await logBytes(a))).toBe(true);
    expect(b.leaderEpochs).toEqual(a.leaderEpochs);
    expect(a.leaderEpochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 10 },
    ]);
  });

  it("gets no answer from a leader that has not recorded its own epoch (why leaders must assign it)", async () => {
    const a = await newLog();
    await appendEpochs(a, [1, 1, 1, 1, 1]);
    const b = await newLog();
    await replicate(a, b, 8);
    await appendEpochs(b, [2]);
    expect(a.endOffsetForEpoch(2)).toEqual({ epoch: -1, endOffset: -1 });
    // Kafka then falls back to the high watermark, pre-KIP-101.
    expect(followerTruncation(a.endOffsetForEpoch(2), b, 6)).toEqual({ offset: 6, complete: true });
  });

  it("keeps what it fetched beyond its high watermark when the leader has it too (KIP-101, first scenario)", async () => {
    const a = await newLog();
    await appendEpochs(a, [1, 1, 1, 1, 1]);
    const b = await newLog();
    await replicate(a, b);
    // B restarts knowing a high watermark of 6 only; truncating to it would lose acknowledged 6-9.
    expect(await truncateToDivergence(a, b, 6)).toEqual([10]);
    expect((await logBytes(b)).equals(await logBytes(a))).toBe(true);
  });

  it("iterates after a fast double failover until the histories agree (KIP-279)", async () => {
    // X leads epoch 1 and writes 0-6; A has 0-4 of it when elected at epoch 2, and
    // writes 5-7; B has 0-6 of epoch 1, is elected at epoch 3 without A and writes 7-8;
    // A comes back at epoch 4, writes 8-11, and B follows it.
    const x = await newLog();
    await appendEpochs(x, [1, 1, 1, 1, 1, 1, 1], 1);
    const a = await newLog();
    await replicate(x, a, 5);
    await appendEpochs(a, [2, 2, 2], 1);
    const b = await newLog();
    await replicate(x, b);
    await appendEpochs(b, [3, 3], 1);
    await a.assignLeaderEpoch(4);
    await appendEpochs(a, [4, 4, 4, 4], 1);

    expect(a.endOffsetForEpoch(3)).toEqual({ epoch: 2, endOffset: 8 });
    // One step alone would stop at 7, keeping 5-6 of epoch 1 where A has epoch 2.
    expect(followerTruncation(a.endOffsetForEpoch(3), b, 0)).toEqual({ offset: 7, complete: false });
    expect((await prefixBytes(b, 7)).equals(await prefixBytes(a, 7))).toBe(false);

    expect(await truncateToDivergence(a, b)).toEqual([7, 5]);
    expect((await logBytes(b)).equals(await prefixBytes(a, 5))).toBe(true);
    await replicate(a, b);
    expect((await logBytes(b)).equals(await logBytes(a))).toBe(true);
    expect(b.leaderEpochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 5 },
      { epoch: 4, startOffset: 8 },
    ]);
  });

  it("truncates nothing on a follower that is a prefix of the leader, and empties one that has no epochs in common", async () => {
    const a = await newLog();
    await appendEpochs(a, [2, 2, 5, 5]);
    const behind = await newLog();
    await replicate(a, behind, 4);
    expect(await truncateToDivergence(a, behind)).toEqual([4]);
    expect(behind.logEndOffset).toBe(4);

    // Written at epoch 1 by a leader A never heard of: A's history starts at epoch 2.
    const stranger = await newLog();
    await appendEpochs(stranger, [1, 1]);
    expect(await truncateToDivergence(a, stranger)).toEqual([0]);
    expect([stranger.logEndOffset, stranger.leaderEpochs]).toEqual([0, []]);
  });
});

describe("a follower that copied batches before its leader fsynced them", () => {
  it("is truncated to the new leader's log when the old leader lost them and the new one never had them", async () => {
    const oldLeaderDisk = new SimulatedDisk(new ManualClock(10_000));
    const oldLeader = (await openTestLog({}, { fs: oldLeaderDisk, dir: "/data/old-leader/events-0" })).log;
    await appendEpochs(oldLeader, [1, 1, 1]);
    const a = await newLog();
    const b = await newLog();
    await replicate(oldLeader, a);
    await replicate(oldLeader, b);

    // The old leader writes 6-7; A copies them while the old leader's fsync is still under way.
    const release = oldLeaderDisk.holdSyncs();
    const unsynced = oldLeader.append(await testBatch({ count: 2, fill: 7 }), 1);
    unsynced.catch(() => undefined);
    await waitFor(() => oldLeader.writtenEndOffset === 8);
    const copied = await oldLeader.readForReplica(6, 1 << 20, true);
    await a.appendReplicated(copied.chunks.flatMap((chunk) => splitBatches(chunk).batches.map((batch) => batch.slice())));
    expect([oldLeader.logEndOffset, a.logEndOffset, b.logEndOffset]).toEqual([6, 8, 6]);
    // Power loss on the old leader before its fsync ends: 6-7 survive only on A.
    oldLeaderDisk.crash();
    release();

    // B is elected at epoch 2 and writes its own 6-9.
    await b.assignLeaderEpoch(2);
    await appendEpochs(b, [2, 2]);
    expect(await truncateToDivergence(b, a)).toEqual([6]);
    await replicate(b, a);
    expect((await logBytes(a)).equals(await logBytes(b))).toBe(true);
    expect(a.leaderEpochs).toEqual(b.leaderEpochs);
  });
});
