import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { segmentPaths } from "./segment/segment-files.js";
import { nodeFileSystem } from "./fs/node-file-system.js";
import { SimulatedDisk } from "./fs/simulated-disk.js";
import type { AppendResult, PartitionLog } from "./partition-log.js";
import { CountingFileSystem } from "./test-support/counting-file-system.js";
import { openTestLog, TEST_DIR, waitFor } from "./test-support/open-test-log.js";
import { batchesIn, testBatch } from "./test-support/test-batches.js";

async function storedBatches(log: PartitionLog): Promise<Map<number, Buffer>> {
  const read = await log.read(log.logStartOffset, 1 << 24, log.logEndOffset, false);
  const bytes = Buffer.concat(read.chunks);
  const stored = new Map<number, Buffer>();
  let at = 0;
  for (const header of batchesIn(read.chunks)) {
    stored.set(header.baseOffset, bytes.subarray(at, at + header.batchLength + 12));
    at += header.batchLength + 12;
  }
  return stored;
}

describe("batch durability (fsync before acknowledging)", () => {
  it("loses no acknowledged append on power loss, even with a write in flight", async () => {
    const disk = new SimulatedDisk();
    const { log } = await openTestLog({ durability: { mode: "batch" }, segmentBytes: 4096 }, { fs: disk });
    const acknowledged = new Map<number, Buffer>();
    for (let wave = 0; wave < 10; wave++) {
      const batches = await Promise.all(Array.from({ length: 8 }, (_, index) => testBatch({ count: 2, valueBytes: 60, fill: wave * 8 + index })));
      const results = await Promise.all(batches.map((batch) => log.append(batch)));
      results.forEach((result, index) => acknowledged.set(result.baseOffset, Buffer.from(batches[index] ?? [])));
    }
    const ackedEnd = log.logEndOffset;
    disk.holdSyncs();
    const inFlight = Array.from({ length: 5 }, async (_, index) => log.append(await testBatch({ fill: 200 + index })));
    await waitFor(() => disk.heldSyncs > 0);
    disk.crash({ keepUnsynced: (_path, bytes) => Math.floor(bytes / 2) });
    void Promise.allSettled(inFlight);

    const { log: recovered } = await openTestLog({ durability: { mode: "batch" }, segmentBytes: 4096 }, { fs: disk });
    expect(recovered.logEndOffset).toBe(ackedEnd);
    const stored = await storedBatches(recovered);
    for (const [offset, batch] of acknowledged) expect(stored.get(offset)?.equals(batch), `offset ${offset}`).toBe(true);
  });

  it("group-commits: appends arriving during an fsync share the next write and fsync", async () => {
    const disk = new SimulatedDisk();
    const { log } = await openTestLog({ durability: { mode: "batch" } }, { fs: disk });
    const batches = await Promise.all(Array.from({ length: 100 }, (_, index) => testBatch({ fill: index })));
    const syncsBefore = disk.syncCalls;
    const writesBefore = disk.writeCalls;

    const release = disk.holdSyncs();
    const first = log.append(batches[0] ?? new Uint8Array());
    await waitFor(() => disk.heldSyncs === 1);
    const rest = batches.slice(1).map((batch) => log.append(batch));
    release();
    const results = await Promise.all([first, ...rest]);

    expect(results.map((result) => result.baseOffset)).toEqual(batches.map((_, index) => index));
    expect(disk.syncCalls - syncsBefore).toBe(2);
    expect(disk.writeCalls - writesBefore).toBe(2);
  });

  it("group-commits on real files: many concurrent producers, far fewer fsyncs", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "freshet-group-commit-"));
    try {
      const fs = new CountingFileSystem(nodeFileSystem);
      const { log } = await openTestLog({ durability: { mode: "batch" } }, { fs, dir: join(dataDir, "events-0") });
      const batch = await testBatch({ valueBytes: 1000 });
      const producers = 1000;
      const syncsBefore = fs.syncs;
      // Each producer appends from its own macrotask, as requests from separate connections would.
      const results = await Promise.all(
        Array.from({ length: producers }, () => new Promise<AppendResult>((resolve, reject) => setImmediate(() => void log.append(batch.slice()).then(resolve, reject)))),
      );
      const syncs = fs.syncs - syncsBefore;
      expect(new Set(results.map((result) => result.baseOffset)).size).toBe(producers);
      expect(syncs).toBeGreaterThan(0);
      expect(syncs).toBeLessThanOrEqual(producers / 10);
      await log.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("weaker durability modes", () => {
  it("none: power loss can take acknowledged appends not yet flushed, never flushed ones", async () => {
    const disk = new SimulatedDisk();
    const { log } = await openTestLog({ durability: { mode: "none" } }, { fs: disk });
    for (let index = 0; index < 10; index++) await log.append(await testBatch({ fill: index }));
    await log.flush();
    for (let index = 0; index < 10; index++) await log.append(await testBatch({ fill: index }));
    expect(log.logEndOffset).toBe(20);
    disk.crash();

    const { log: recovered } = await openTestLog({ durability: { mode: "none" } }, { fs: disk });
    expect(recovered.logEndOffset).toBe(10);
  });

  it("interval: fsyncs on its own within the interval", async () => {
    const disk = new SimulatedDisk();
    const { log, clock } = await openTestLog({ durability: { mode: "interval", intervalMs: 5 } }, { fs: disk });
    const syncsBefore = disk.syncCalls;
    for (let index = 0; index < 10; index++) await log.append(await testBatch({ fill: index }));
    expect(disk.syncCalls).toBe(syncsBefore);
    clock.advance(5);
    await waitFor(() => disk.syncCalls > syncsBefore);
    await waitFor(() => disk.contents(segmentPaths(TEST_DIR, 0).log)?.byteLength === log.size());
    disk.crash();

    const { log: recovered } = await openTestLog({ durability: { mode: "interval", intervalMs: 5 } }, { fs: disk });
    expect(recovered.logEndOffset).toBe(10);
    await recovered.close();
  });
});

describe("failed writes", () => {
  it("rejects an append that hits ENOSPC, cuts the partial write, and works again once space is free", async () => {
    const disk = new SimulatedDisk();
    const { log, logger } = await openTestLog({}, { fs: disk });
    for (let index = 0; index < 5; index++) await log.append(await testBatch({ fill: index }));
    const sizeBefore = log.size();
    const logPath = segmentPaths(TEST_DIR, 0).log;
    disk.capacityBytes = sizeBefore + 50;

    const batches = [await testBatch({ valueBytes: 100 }), await testBatch()];
    const failing = await Promise.allSettled(batches.map((batch) => log.append(batch)));
    expect(failing.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    expect(failing[0]).toMatchObject({ reason: { code: "storage", errno: "ENOSPC", retriable: true } });
    expect(disk.contents(logPath)?.byteLength).toBe(sizeBefore);
    expect(log.logEndOffset).toBe(5);
    expect(logger.at("error")).toHaveLength(1);

    disk.capacityBytes = null;
    expect((await log.append(await testBatch())).baseOffset).toBe(5);
    await log.close();
    const reopened = await openTestLog({}, { fs: disk });
    expect(reopened.log.logEndOffset).toBe(6);
    expect(reopened.logger.at("warn")).toEqual([]);
  });

  it("refuses appends after a failed fsync until reopened", async () => {
    const disk = new SimulatedDisk();
    const { log } = await openTestLog({ durability: { mode: "batch" } }, { fs: disk });
    await log.append(await testBatch());
    disk.injectFault({ op: "sync", pathEndsWith: ".log", code: "EIO" });
    await expect(log.append(await testBatch())).rejects.toMatchObject({ code: "storage", errno: "EIO" });
    await expect(log.append(await testBatch())).rejects.toMatchObject({ code: "storage" });
    expect(log.logEndOffset).toBe(1);

    const reopened = await openTestLog({ durability: { mode: "batch" } }, { fs: disk });
    expect(reopened.log.logEndOffset).toBe(1);
    expect((await reopened.log.append(await testBatch())).baseOffset).toBe(1);
  });
});
