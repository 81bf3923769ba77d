import { describe, expect, it } from "vitest";
import type { SimulatedDisk } from "./fs/simulated-disk.js";
import type { PartitionLog } from "./partition-log.js";
import { openTestLog, TEST_DIR } from "./test-support/open-test-log.js";
import { testBatch } from "./test-support/test-batches.js";

const HOUR = 3_600_000;

async function segmentFiles(fs: SimulatedDisk): Promise<string[]> {
  return (await fs.readdir(TEST_DIR)).sort();
}

/** Fills `segments` segments of ~1 KiB; every batch in segment k has timestamp k hours. */
async function fillSegments(log: PartitionLog, segments: number): Promise<number[]> {
  const starts: number[] = [];
  for (let segment = 0; segment < segments; segment++) {
    starts.push(log.logEndOffset);
    for (let index = 0; index < 4; index++) await log.append(await testBatch({ valueBytes: 180, timestamp: segment * HOUR }));
  }
  return starts;
}

describe("retention", () => {
  it("deletes closed segments whose newest record is older than retention.ms, never the active one", async () => {
    const { log, fs, clock } = await openTestLog({ segmentBytes: 1024, retentionMs: 2 * HOUR });
    const starts = await fillSegments(log, 5);
    expect((await segmentFiles(fs as SimulatedDisk)).filter((name) => name.endsWith(".log"))).toHaveLength(5);

    clock.set(2 * HOUR + 1);
    expect(await log.enforceRetention()).toEqual({ deletedSegments: 1, logStartOffset: starts[1] });
    await expect(log.read(0, 1024, 100, true)).rejects.toMatchObject({ code: "offset-out-of-range" });
    expect((await log.read(starts[1] ?? 0, 1 << 20, log.logEndOffset, false)).bytes).toBeGreaterThan(0);
    expect(await segmentFiles(fs as SimulatedDisk)).not.toContain("00000000000000000000.log");
    expect(await segmentFiles(fs as SimulatedDisk)).not.toContain("00000000000000000000.index");

    clock.set(100 * HOUR);
    expect(await log.enforceRetention()).toEqual({ deletedSegments: 3, logStartOffset: starts[4] });
    expect(log.logEndOffset).toBe(20);
    expect(await log.enforceRetention()).toEqual({ deletedSegments: 0, logStartOffset: starts[4] });
  });

  it("deletes the oldest segments while the log would still hold retention.bytes without them", async () => {
    const { log } = await openTestLog({ segmentBytes: 1024, retentionBytes: 2500 });
    await fillSegments(log, 6);
    const sizeBefore = log.size();
    const { deletedSegments, logStartOffset } = await log.enforceRetention();

    expect(deletedSegments).toBeGreaterThan(0);
    expect(logStartOffset).toBe(deletedSegments * 4);
    expect(log.size()).toBeGreaterThanOrEqual(2500);
    expect(log.size()).toBeLessThan(sizeBefore);
    const oneSegment = sizeBefore / 6;
    expect(log.size() - oneSegment).toBeLessThan(2500);
  });

  it("keeps everything when retention is unlimited", async () => {
    const { log, clock } = await openTestLog({ segmentBytes: 1024, retentionMs: null, retentionBytes: null });
    await fillSegments(log, 4);
    clock.set(1_000 * HOUR);
    expect(await log.enforceRetention()).toEqual({ deletedSegments: 0, logStartOffset: 0 });
  });

  it("counts a segment without timestamps by its file's modification time", async () => {
    const { log, clock } = await openTestLog({ segmentBytes: 1024, retentionMs: HOUR });
    clock.set(5 * HOUR);
    for (let index = 0; index < 8; index++) await log.append(await testBatch({ valueBytes: 180, timestamp: -1 }));
    clock.set(5 * HOUR + HOUR / 2);
    expect((await log.enforceRetention()).deletedSegments).toBe(0);
    clock.set(7 * HOUR);
    expect((await log.enforceRetention()).deletedSegments).toBe(1);
  });
});
