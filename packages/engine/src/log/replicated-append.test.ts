import { readBatchHeader, writePartitionLeaderEpoch } from "@freshet/protocol/records/batch-header";
import { describe, expect, it } from "vitest";
import { SimulatedDisk } from "./fs/simulated-disk.js";
import type { PartitionLog } from "./partition-log.js";
import { appendEpochs, baseOffsets, logBytes, storedBatches } from "./test-support/leader-batches.js";
import { openTestLog, waitFor } from "./test-support/open-test-log.js";
import { batchesIn, testBatch } from "./test-support/test-batches.js";

const LEADER_DIR = "/data/leader/events-0";
const FOLLOWER_DIR = "/data/follower/events-0";

async function leaderWith(epochs: readonly number[], overrides = {}): Promise<PartitionLog> {
  const { log } = await openTestLog(overrides, { dir: LEADER_DIR });
  await appendEpochs(log, epochs);
  return log;
}

describe("appendReplicated", () => {
  it("stores the leader's batches byte for byte, offsets and epochs included, across segment rolls", async () => {
    const leader = await leaderWith([0, 0, 1, 1, 1, 3, 3, 3, 3, 3, 4, 4, 4, 4], { segmentBytes: 1024 });
    const batches = await storedBatches(leader);
    const { log: follower } = await openTestLog({ segmentBytes: 1024 }, { dir: FOLLOWER_DIR });

    const first = await follower.appendReplicated(batches.slice(0, 5));
    expect(first).toEqual({ baseOffset: 0, lastOffset: 9 });
    const rest = await follower.appendReplicated(batches.slice(5));
    expect(rest).toEqual({ baseOffset: 10, lastOffset: 27 });

    expect(follower.logEndOffset).toBe(leader.logEndOffset);
    expect((await logBytes(follower)).equals(await logBytes(leader))).toBe(true);
    expect(follower.leaderEpochs).toEqual(leader.leaderEpochs);
    expect(follower.leaderEpochs).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: 4 },
      { epoch: 3, startOffset: 10 },
      { epoch: 4, startOffset: 20 },
    ]);
  });

  it("refuses a batch that starts before the log end, writing nothing", async () => {
    const leader = await leaderWith([1, 1, 1, 1, 1, 1]);
    const batches = await storedBatches(leader);
    const { log: follower } = await openTestLog({}, { dir: FOLLOWER_DIR });
    await follower.appendReplicated(batches.slice(0, 2));
    const size = follower.size();

    await expect(follower.appendReplicated(batches.slice(1, 3))).rejects.toMatchObject({ code: "non-contiguous", retriable: false });
    expect([follower.logEndOffset, follower.size()]).toEqual([4, size]);

    const backwards = [batches[3], batches[2]].filter((batch): batch is Uint8Array => batch !== undefined);
    await expect(follower.appendReplicated(backwards)).rejects.toMatchObject({ code: "non-contiguous" });
    expect([follower.logEndOffset, follower.size()]).toEqual([4, size]);

    expect(await follower.appendReplicated(batches.slice(2))).toEqual({ baseOffset: 4, lastOffset: 11 });
    expect((await logBytes(follower)).equals(await logBytes(leader))).toBe(true);
  });

  it("stores a compacted leader's batches with the offset gaps between them, also across a restart", async () => {
    const leader = await leaderWith([1, 1, 1, 1, 1, 1]);
    const batches = await storedBatches(leader);
    const { log: follower, fs } = await openTestLog({}, { dir: FOLLOWER_DIR });
    const kept = [batches[0], batches[2], batches[5]].filter((batch): batch is Uint8Array => batch !== undefined);

    await follower.appendReplicated(kept.slice(0, 1));
    expect(await follower.appendReplicated(kept.slice(1))).toEqual({ baseOffset: 4, lastOffset: 11 });
    const read = async (log: typeof follower) => batchesIn((await log.read(0, 1 << 20, log.logEndOffset, false)).chunks).map((header) => header.baseOffset);
    expect(await read(follower)).toEqual([0, 4, 10]);
    // A fetch at an offset that is not in the log any more starts at the next batch.
    expect(batchesIn((await follower.read(6, 1 << 20, follower.logEndOffset, false)).chunks).map((header) => header.baseOffset)).toEqual([10]);
    await follower.close();

    const { log: reopened } = await openTestLog({}, { dir: FOLLOWER_DIR, fs });
    expect(reopened.logEndOffset).toBe(12);
    expect(await read(reopened)).toEqual([0, 4, 10]);
    await reopened.close();
  });

  it("refuses bytes that are not whole, intact batches", async () => {
    const leader = await leaderWith([1, 1]);
    const [batch] = await storedBatches(leader);
    const { log: follower } = await openTestLog({}, { dir: FOLLOWER_DIR });
    if (!batch) throw new Error("no batch");
    const flipped = batch.slice();
    flipped[flipped.byteLength - 1] = (flipped[flipped.byteLength - 1] ?? 0) ^ 0xff;

    await expect(follower.appendReplicated([])).rejects.toMatchObject({ code: "invalid-batch" });
    await expect(follower.appendReplicated([batch.subarray(0, batch.byteLength - 1)])).rejects.toMatchObject({ code: "invalid-batch" });
    await expect(follower.appendReplicated([flipped])).rejects.toMatchObject({ code: "invalid-batch", message: expect.stringContaining("CRC") });
    expect(follower.size()).toBe(0);
  });

  it("refuses batches of an older epoch than the log holds, replicated or appended as leader", async () => {
    const leader = await leaderWith([2, 2, 3]);
    const batches = await storedBatches(leader);
    const { log: follower } = await openTestLog({}, { dir: FOLLOWER_DIR });
    await follower.appendReplicated(batches);

    const older = await testBatch({ count: 2 });
    writePartitionLeaderEpoch(older, 2);
    await expect(leader.append(older)).rejects.toMatchObject({ code: "stale-epoch" });
    await expect(leader.append(await testBatch(), 1)).rejects.toMatchObject({ code: "stale-epoch" });
    expect(leader.logEndOffset).toBe(6);
    expect((await leader.append(await testBatch(), 3)).baseOffset).toBe(6);

    const [stale] = await storedBatches(leader, 6);
    if (!stale) throw new Error("no batch");
    writePartitionLeaderEpoch(stale, 1);
    await expect(follower.appendReplicated([stale])).rejects.toMatchObject({ code: "stale-epoch" });
    expect(follower.logEndOffset).toBe(6);
  });

  it("takes the batches of concurrent calls in call order, sharing write cycles", async () => {
    const leader = await leaderWith(Array.from({ length: 30 }, (_, index) => Math.floor(index / 7)));
    const batches = await storedBatches(leader);
    const disk = new SimulatedDisk();
    const { log: follower } = await openTestLog({ durability: { mode: "batch" } }, { fs: disk, dir: FOLLOWER_DIR });
    const release = disk.holdSyncs();
    const first = follower.appendReplicated(batches.slice(0, 1));
    await waitFor(() => disk.heldSyncs === 1);
    const writesBefore = disk.writeCalls;
    const calls = [first, ...[batches.slice(1, 10), batches.slice(10, 11), batches.slice(11)].map((part) => follower.appendReplicated(part))];
    release();
    expect(await Promise.all(calls)).toEqual([
      { baseOffset: 0, lastOffset: 1 },
      { baseOffset: 2, lastOffset: 19 },
      { baseOffset: 20, lastOffset: 21 },
      { baseOffset: 22, lastOffset: 59 },
    ]);
    expect(disk.writeCalls - writesBefore).toBe(1);
    expect(follower.leaderEpochs).toEqual(leader.leaderEpochs);
  });
});

describe("truncateTo on a follower being appended to", () => {
  it("runs after the appends already called, and the log end, reads and epochs reflect it at once", async () => {
    const leader = await leaderWith([1, 1, 1, 2, 2, 2, 2, 3, 3, 3], { segmentBytes: 1024 });
    const batches = await storedBatches(leader);
    const { log: follower } = await openTestLog({ segmentBytes: 1024 }, { dir: FOLLOWER_DIR });

    const appended = follower.appendReplicated(batches);
    const truncated = follower.truncateTo(9);
    expect(await appended).toEqual({ baseOffset: 0, lastOffset: 19 });
    await truncated;

    // Offset 9 is inside the batch 8-9, which goes whole.
    expect(follower.logEndOffset).toBe(8);
    expect(baseOffsets(await storedBatches(follower))).toEqual([0, 2, 4, 6]);
    await expect(follower.read(9, 1 << 20, 100, true)).rejects.toMatchObject({ code: "offset-out-of-range" });
    expect(follower.leaderEpochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 6 },
    ]);
    expect(follower.endOffsetForEpoch(2)).toEqual({ epoch: 2, endOffset: 8 });

    await follower.truncateTo(6);
    expect(follower.leaderEpochs).toEqual([{ epoch: 1, startOffset: 0 }]);
    expect(await follower.appendReplicated(batches.slice(3))).toEqual({ baseOffset: 6, lastOffset: 19 });
    expect((await logBytes(follower)).equals(await logBytes(leader))).toBe(true);
    expect(follower.leaderEpochs).toEqual(leader.leaderEpochs);
  });

  it("empties the cache when the truncation restarts the log below its start", async () => {
    const leader = await leaderWith([1, 1, 2, 2, 2, 2, 2, 2, 2, 2], { segmentBytes: 1024 });
    const { log: follower } = await openTestLog({ segmentBytes: 1024, retentionBytes: 1 }, { dir: FOLLOWER_DIR });
    await follower.appendReplicated(await storedBatches(leader));
    await follower.enforceRetention();
    const start = follower.logStartOffset;
    expect(follower.leaderEpochs).toEqual([{ epoch: 2, startOffset: start }]);
    await follower.truncateTo(start - 2);
    expect([follower.logEndOffset, follower.latestEpoch(), follower.leaderEpochs]).toEqual([start - 2, -1, []]);
  });
});

describe("assignLeaderEpoch", () => {
  it("starts the epoch at the log end before anything is written in it, and truncation drops it unwritten", async () => {
    const { log } = await openTestLog();
    await appendEpochs(log, [1, 1, 1]);
    await log.assignLeaderEpoch(4);
    expect(log.leaderEpochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 4, startOffset: 6 },
    ]);
    expect(log.endOffsetForEpoch(2)).toEqual({ epoch: 1, endOffset: 6 });
    expect(log.endOffsetForEpoch(4)).toEqual({ epoch: 4, endOffset: 6 });
    await log.assignLeaderEpoch(4);
    await expect(log.assignLeaderEpoch(0)).rejects.toMatchObject({ code: "stale-epoch" });
    await expect(log.assignLeaderEpoch(-1)).rejects.toBeInstanceOf(RangeError);

    await log.truncateTo(100);
    expect(log.latestEpoch()).toBe(1);
  });

  it("is replaced by the first batch written in it, and lands after the appends already called", async () => {
    const { log } = await openTestLog();
    const pending = [log.append(await testBatch({ count: 3 }), 1), log.append(await testBatch({ count: 3 }), 1)];
    const assigned = log.assignLeaderEpoch(2);
    await Promise.all([...pending, assigned]);
    expect(log.leaderEpochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 6 },
    ]);
    expect((await log.append(await testBatch(), 2)).baseOffset).toBe(6);
    expect(log.leaderEpochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 6 },
    ]);
    expect(readBatchHeader((await storedBatches(log, 6))[0] ?? new Uint8Array(61)).partitionLeaderEpoch).toBe(2);
  });
});

describe("appendReplicated under power loss (batch durability)", () => {
  it.each([0, 0.5, 1])("loses no acknowledged batch with writes in flight and segments rolling (unsynced bytes kept: %d); the epochs follow what survived", async (keptFraction) => {
    const leader = await leaderWith(
      Array.from({ length: 60 }, (_, index) => 1 + Math.floor(index / 9)),
      { segmentBytes: 2048 },
    );
    const batches = await storedBatches(leader);
    const disk = new SimulatedDisk();
    const config = { durability: { mode: "batch" }, segmentBytes: 2048 } as const;
    const { log: follower } = await openTestLog(config, { fs: disk, dir: FOLLOWER_DIR });
    for (let at = 0; at < 45; at += 5) await follower.appendReplicated(batches.slice(at, at + 5));
    const acknowledged = await logBytes(follower);
    const acknowledgedEnd = follower.logEndOffset;

    disk.holdSyncs();
    const inFlight = [follower.appendReplicated(batches.slice(45, 50)), follower.appendReplicated(batches.slice(50))];
    await waitFor(() => disk.heldSyncs > 0);
    disk.crash({ keepUnsynced: (_path, bytes) => Math.floor(bytes * keptFraction) });
    void Promise.allSettled(inFlight);

    const { log: recovered } = await openTestLog(config, { fs: disk, dir: FOLLOWER_DIR });
    const end = recovered.logEndOffset;
    if (keptFraction === 0) expect(end).toBe(acknowledgedEnd);
    expect(end).toBeGreaterThanOrEqual(acknowledgedEnd);
    const survived = await logBytes(recovered);
    expect(survived.subarray(0, acknowledged.byteLength).equals(acknowledged)).toBe(true);
    expect(survived.equals(await prefixBytes(leader, end))).toBe(true);
    expect(recovered.leaderEpochs).toEqual(leader.leaderEpochs.filter((entry) => entry.startOffset < end));
    expect(recovered.leaderEpochs.length).toBeGreaterThan(3);

    await recovered.appendReplicated(await storedBatches(leader, end));
    expect((await logBytes(recovered)).equals(await logBytes(leader))).toBe(true);
    expect(recovered.leaderEpochs).toEqual(leader.leaderEpochs);
  });
});

async function prefixBytes(log: PartitionLog, end: number): Promise<Buffer> {
  return Buffer.concat(await storedBatches(log, log.logStartOffset, end));
}
