import { batchCrcIsValid } from "@freshet/protocol/records/batch-crc";
import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { describe, expect, it } from "vitest";
import { LogError } from "./errors.js";
import type { SimulatedDisk } from "./fs/simulated-disk.js";
import type { PartitionLog } from "./partition-log.js";
import { openTestLog, TEST_DIR, waitFor } from "./test-support/open-test-log.js";
import { batchesIn, testBatch, totalBytes } from "./test-support/test-batches.js";

async function logFiles(fs: SimulatedDisk, suffix = ".log"): Promise<string[]> {
  return (await fs.readdir(TEST_DIR)).filter((name) => name.endsWith(suffix)).sort();
}

/** Appends `count` batches of `recordsPerBatch` records each, one after another. */
async function appendMany(log: PartitionLog, count: number, recordsPerBatch = 3, valueBytes = 120): Promise<Uint8Array[]> {
  const stored: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const batch = await testBatch({ count: recordsPerBatch, valueBytes, timestamp: 1_000 + index, fill: index % 251 });
    await log.append(batch);
    stored.push(batch);
  }
  return stored;
}

describe("PartitionLog appends and reads", () => {
  it("assigns consecutive offsets and reads every batch back across segment rolls", async () => {
    const { log, fs } = await openTestLog({ segmentBytes: 2048, indexIntervalBytes: 512 });
    const results = [];
    for (let index = 0; index < 40; index++) results.push(await log.append(await testBatch({ count: 3, valueBytes: 120, fill: index })));

    expect(results.map((result) => result.baseOffset)).toEqual(Array.from({ length: 40 }, (_, index) => index * 3));
    expect(results.at(-1)?.lastOffset).toBe(119);
    expect(log.logEndOffset).toBe(120);
    expect((await logFiles(fs as SimulatedDisk)).length).toBeGreaterThan(5);

    const all = await log.read(0, 1 << 20, log.logEndOffset, false);
    const headers = batchesIn(all.chunks);
    expect(headers.map((header) => header.baseOffset)).toEqual(results.map((result) => result.baseOffset));
    expect(all.bytes).toBe(totalBytes(all.chunks));
    expect(all.bytes).toBe(log.size());
    for (const chunk of all.chunks) expect(chunk.byteLength).toBeGreaterThan(0);

    const fromMiddle = await log.read(61, 1 << 20, log.logEndOffset, false);
    expect(batchesIn(fromMiddle.chunks)[0]?.baseOffset).toBe(60);
  });

  it("stops before upTo, within maxBytes, and returns an oversized first batch only with minOneBatch", async () => {
    const { log } = await openTestLog({ segmentBytes: 4096 });
    const stored = await appendMany(log, 10);
    const batchBytes = stored[0]?.byteLength ?? 0;

    expect(batchesIn((await log.read(0, 1 << 20, 9, false)).chunks).map((header) => header.baseOffset)).toEqual([0, 3, 6]);
    expect(batchesIn((await log.read(0, 1 << 20, 8, false)).chunks).map((header) => header.baseOffset)).toEqual([0, 3]);
    expect(batchesIn((await log.read(4, Math.floor(batchBytes * 2.5), 30, false)).chunks).map((header) => header.baseOffset)).toEqual([3, 6]);

    const oversized = await log.read(7, 10, 30, true);
    expect(batchesIn(oversized.chunks).map((header) => header.baseOffset)).toEqual([6]);
    expect(oversized.bytes).toBe(batchBytes);
    expect((await log.read(7, 10, 30, false)).bytes).toBe(0);

    expect((await log.read(30, 1 << 20, 30, true)).bytes).toBe(0);
    await expect(log.read(31, 1 << 20, 40, true)).rejects.toMatchObject({ code: "offset-out-of-range" });
  });

  it("reads across a segment boundary when the budget allows, and not past a full budget", async () => {
    const { log } = await openTestLog({ segmentBytes: 1024 });
    const stored = await appendMany(log, 12, 1, 200);
    const batchBytes = stored[0]?.byteLength ?? 0;
    const perSegment = Math.floor(1024 / batchBytes);

    const spanning = await log.read(perSegment - 1, batchBytes * 2, log.logEndOffset, false);
    expect(batchesIn(spanning.chunks).map((header) => header.baseOffset)).toEqual([perSegment - 1, perSegment]);
    expect(spanning.chunks.length).toBe(2);
  });

  it("stamps the leader epoch and LogAppendTime, keeping the CRC valid", async () => {
    const { log, clock } = await openTestLog();
    clock.set(1_700_000_000_123);
    const plain = await log.append(await testBatch({ timestamp: 5 }), 7);
    const stamped = await log.append(await testBatch({ timestamp: 5, logAppendTime: true }), 8);
    expect(plain.logAppendTime).toBeUndefined();
    expect(stamped.logAppendTime).toBe(1_700_000_000_123);

    const read = await log.read(0, 1 << 20, log.logEndOffset, false);
    const [first, second] = batchesIn(read.chunks);
    expect(first).toMatchObject({ partitionLeaderEpoch: 7, maxTimestamp: 5 });
    expect(second).toMatchObject({ partitionLeaderEpoch: 8, maxTimestamp: 1_700_000_000_123, baseOffset: 1 });
    const stored = splitBatches(Buffer.concat(read.chunks)).batches;
    expect(stored).toHaveLength(2);
    expect(stored.map((batch) => batchCrcIsValid(batch))).toEqual([true, true]);
  });

  it("rejects bytes that are not exactly one batch and leaves the log untouched", async () => {
    const { log } = await openTestLog();
    const batch = await testBatch();
    await expect(log.append(batch.subarray(0, batch.byteLength - 1))).rejects.toMatchObject({ code: "invalid-batch" });
    const doubled = new Uint8Array(batch.byteLength * 2);
    doubled.set(batch);
    doubled.set(batch, batch.byteLength);
    await expect(log.append(doubled)).rejects.toMatchObject({ code: "invalid-batch" });
    await expect(log.append(batch, 1.5)).rejects.toBeInstanceOf(LogError);
    expect(log.logEndOffset).toBe(0);
    expect(log.size()).toBe(0);
  });

  it("rolls a segment by age", async () => {
    const { log, fs, clock } = await openTestLog({ segmentMs: 60_000 });
    await log.append(await testBatch());
    clock.advance(59_999);
    await log.append(await testBatch());
    expect(await logFiles(fs as SimulatedDisk)).toHaveLength(1);
    clock.advance(1);
    await log.append(await testBatch());
    expect(await logFiles(fs as SimulatedDisk)).toEqual(["00000000000000000000.log", "00000000000000000002.log"]);
  });
});

describe("PartitionLog reads alongside writes", () => {
  it("never makes appends wait, and keeps a segment deleted under a read open until the read ends", async () => {
    const { log, fs } = await openTestLog({ segmentBytes: 1024, retentionBytes: 1 });
    const disk = fs as SimulatedDisk;
    await appendMany(log, 20);
    const nextBatch = await testBatch();
    const release = disk.holdReads();
    const reading = log.read(0, 1 << 20, log.logEndOffset, false);
    await waitFor(() => disk.heldReads === 1);

    expect((await log.append(nextBatch)).baseOffset).toBe(60);
    let retentionDone = false;
    const retention = log.enforceRetention().then((outcome) => {
      retentionDone = true;
      return outcome;
    });
    await waitFor(() => log.logStartOffset > 0);
    expect(retentionDone).toBe(false);

    release();
    const read = batchesIn((await reading).chunks).map((header) => header.baseOffset);
    expect(read[0]).toBe(0);
    expect(read).toEqual(read.map((_, index) => index * 3));
    expect((await retention).deletedSegments).toBeGreaterThan(0);
    expect(await logFiles(disk)).toHaveLength(1);
  });
});

describe("PartitionLog time lookup", () => {
  it("returns the first batch in offset order whose maxTimestamp reaches the target", async () => {
    const { log } = await openTestLog({ segmentBytes: 1024, indexIntervalBytes: 200 });
    // Not monotonic: producers send whatever timestamps they like.
    const timestamps = [100, 300, 200, 250, 500, 450, 460, 900, 800, 1000, 990, 1200, 1100, 1300, 1250, 1400];
    for (const timestamp of timestamps) await log.append(await testBatch({ timestamp, valueBytes: 100 }));

    for (const target of [0, 100, 101, 200, 260, 301, 499, 500, 501, 850, 901, 1000, 1001, 1299, 1400, 1401, 5000]) {
      const expected = timestamps.findIndex((timestamp) => timestamp >= target);
      const found = await log.batchForTimestamp(target);
      expect(found === null ? -1 : readBatchHeader(found.batch).baseOffset, `target ${target}`).toBe(expected);
    }
  });
});

describe("PartitionLog lifecycle", () => {
  it("reopens after a clean close with the same batches, offsets and time index", async () => {
    const { log, fs, clock, logger } = await openTestLog({ segmentBytes: 1024, indexIntervalBytes: 256 });
    await appendMany(log, 30);
    const before = await log.read(0, 1 << 20, log.logEndOffset, false);
    const end = log.logEndOffset;
    await log.close();
    await log.close();
    await expect(log.append(await testBatch())).rejects.toMatchObject({ code: "closed" });
    await expect(log.read(0, 100, 10, true)).rejects.toMatchObject({ code: "closed" });

    const reopened = await openTestLog({ segmentBytes: 1024, indexIntervalBytes: 256 }, { fs, clock, logger });
    expect(reopened.log.logEndOffset).toBe(end);
    expect(logger.at("warn")).toEqual([]);
    const after = await reopened.log.read(0, 1 << 20, end, false);
    expect(Buffer.concat(after.chunks).equals(Buffer.concat(before.chunks))).toBe(true);
    expect(readBatchHeader((await reopened.log.batchForTimestamp(1_020))?.batch ?? new Uint8Array(61)).baseOffset).toBe(60);
    expect((await reopened.log.append(await testBatch())).baseOffset).toBe(end);
  });

  it("finishes appends already called when closed", async () => {
    const { log } = await openTestLog();
    const batches = await Promise.all(Array.from({ length: 20 }, () => testBatch()));
    const appends = batches.map((batch) => log.append(batch));
    await log.close();
    expect((await Promise.all(appends)).map((result) => result.baseOffset)).toEqual(batches.map((_, index) => index));
  });

  it("iterates batch headers from the batch holding an offset to the end", async () => {
    const { log } = await openTestLog({ segmentBytes: 1024 });
    await appendMany(log, 15, 2, 150);
    const headers = [];
    for await (const header of log.headers(9)) headers.push(header);
    expect(headers.map((header) => header.baseOffset)).toEqual([8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28]);
    expect(headers.every((header) => header.position >= 0 && header.magic === 2)).toBe(true);
  });

  it("truncates to an offset across segments, dropping whole batches", async () => {
    const { log, fs, clock, logger } = await openTestLog({ segmentBytes: 1024 });
    await appendMany(log, 20);
    const segmentsBefore = await logFiles(fs as SimulatedDisk);

    await log.truncateTo(10);
    expect(log.logEndOffset).toBe(9);
    expect((await logFiles(fs as SimulatedDisk)).length).toBeLessThan(segmentsBefore.length);
    const kept = batchesIn((await log.read(0, 1 << 20, 100, false)).chunks);
    expect(kept.map((header) => header.baseOffset)).toEqual([0, 3, 6]);
    expect((await log.append(await testBatch())).baseOffset).toBe(9);
    await log.close();

    const reopened = await openTestLog({ segmentBytes: 1024 }, { fs, clock, logger });
    expect(reopened.log.logEndOffset).toBe(10);
    expect(logger.at("warn")).toEqual([]);
    await reopened.log.truncateTo(50);
    expect(reopened.log.logEndOffset).toBe(10);
  });

  it("truncates below the log start by emptying the log at that offset", async () => {
    const { log } = await openTestLog({ segmentBytes: 1024, retentionBytes: 1 });
    await appendMany(log, 20);
    await log.enforceRetention();
    const start = log.logStartOffset;
    expect(start).toBeGreaterThan(0);
    await log.truncateTo(start - 1);
    expect([log.logStartOffset, log.logEndOffset, log.size()]).toEqual([start - 1, start - 1, 0]);
    expect((await log.append(await testBatch())).baseOffset).toBe(start - 1);
  });

  it("deletes its directory", async () => {
    const { log, fs } = await openTestLog();
    await log.append(await testBatch());
    await log.delete();
    expect(await fs.stat(TEST_DIR)).toBeNull();
  });
});
