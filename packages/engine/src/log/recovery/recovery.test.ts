import { mkdtemp, open, readdir, rm, stat, truncate, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nodeFileSystem } from "../fs/node-file-system.js";
import { SimulatedDisk } from "../fs/simulated-disk.js";
import type { PartitionLog } from "../partition-log.js";
import { openTestLog } from "../test-support/open-test-log.js";
import { RecordingLogger } from "../test-support/recording-logger.js";
import { batchesIn, testBatch } from "../test-support/test-batches.js";

let dataDir = "";

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "freshet-log-recovery-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Appends `count` two-record batches on real files; returns each batch's [position, size]. */
async function fillRealLog(count: number, overrides = {}): Promise<{ dir: string; spans: [number, number][] }> {
  const dir = join(dataDir, "events-0");
  const { log } = await openTestLog({ durability: { mode: "none" }, ...overrides }, { fs: nodeFileSystem, dir });
  const spans: [number, number][] = [];
  let position = 0;
  for (let index = 0; index < count; index++) {
    const batch = await testBatch({ count: 2, valueBytes: 100, fill: index });
    await log.append(batch);
    spans.push([position, batch.byteLength]);
    position += batch.byteLength;
  }
  await log.close();
  return { dir, spans };
}

async function reopenReal(dir: string, overrides = {}): Promise<{ log: PartitionLog; logger: RecordingLogger }> {
  const logger = new RecordingLogger();
  const { log } = await openTestLog({ durability: { mode: "none" }, ...overrides }, { fs: nodeFileSystem, dir, logger });
  return { log, logger };
}

async function allBaseOffsets(log: PartitionLog): Promise<number[]> {
  return batchesIn((await log.read(log.logStartOffset, 1 << 24, log.logEndOffset, false)).chunks).map((header) => header.baseOffset);
}

describe("recovery of the active segment", () => {
  it("cuts a batch torn mid-write and keeps everything before it", async () => {
    const { dir, spans } = await fillRealLog(20);
    const file = join(dir, "00000000000000000000.log");
    const [lastPosition, lastSize] = spans[19] ?? [0, 0];
    await truncate(file, lastPosition + Math.floor(lastSize / 2));

    const { log, logger } = await reopenReal(dir);
    expect(log.logEndOffset).toBe(38);
    expect(await allBaseOffsets(log)).toEqual(Array.from({ length: 19 }, (_, index) => index * 2));
    const warnings = logger.at("warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ file, position: lastPosition, bytes: Math.floor(lastSize / 2) });
    expect(String(warnings[0]?.fields.reason)).toContain("cut short");
    expect((await stat(file)).size).toBe(lastPosition);
    expect((await log.append(await testBatch())).baseOffset).toBe(38);
    await log.close();
  });

  it("cuts at a batch whose CRC does not match, and everything after it", async () => {
    const { dir, spans } = await fillRealLog(20);
    const file = join(dir, "00000000000000000000.log");
    const [position, size] = spans[15] ?? [0, 0];
    const handle = await open(file, "r+");
    await handle.write(Buffer.from([0xff]), 0, 1, position + size - 3);
    await handle.close();

    const { log, logger } = await reopenReal(dir);
    expect(log.logEndOffset).toBe(30);
    expect((await allBaseOffsets(log)).at(-1)).toBe(28);
    expect(logger.at("warn")[0]?.fields).toMatchObject({ position, reason: "CRC-32C mismatch", bytes: spans.slice(15).reduce((sum, [, bytes]) => sum + bytes, 0) });
    await log.close();
  });

  it("cuts zeroed space left after the last batch (preallocated or lost metadata)", async () => {
    const { dir, spans } = await fillRealLog(5);
    const file = join(dir, "00000000000000000000.log");
    const end = spans.reduce((sum, [, bytes]) => sum + bytes, 0);
    const handle = await open(file, "r+");
    await handle.write(new Uint8Array(4096), 0, 4096, end);
    await handle.close();

    const { log, logger } = await reopenReal(dir);
    expect(log.logEndOffset).toBe(10);
    expect(logger.at("warn")[0]?.fields).toMatchObject({ position: end, bytes: 4096 });
    await log.close();
  });
});

describe("recovery of closed segments", () => {
  it("rebuilds a missing index from the log and serves the same data", async () => {
    const { dir } = await fillRealLog(30, { segmentBytes: 2048, indexIntervalBytes: 256 });
    const { log: clean } = await reopenReal(dir, { segmentBytes: 2048, indexIntervalBytes: 256 });
    const expected = await allBaseOffsets(clean);
    const timeHit = await clean.batchForTimestamp(1_000);
    await clean.close();
    await unlink(join(dir, "00000000000000000000.index"));

    const { log, logger } = await reopenReal(dir, { segmentBytes: 2048, indexIntervalBytes: 256 });
    expect(logger.at("warn").map((line) => line.message)).toEqual(["rebuilding segment index from the log"]);
    expect(await allBaseOffsets(log)).toEqual(expected);
    expect(await log.read(5, 1 << 20, 60, false)).toMatchObject({ bytes: expect.any(Number) });
    expect(Buffer.from((await log.batchForTimestamp(1_000))?.batch ?? []).equals(Buffer.from(timeHit?.batch ?? [1]))).toBe(true);
    await log.close();
  });

  it("fences a corrupt closed segment's damaged offsets instead of cutting acknowledged data or refusing to open", async () => {
    const { dir } = await fillRealLog(30, { segmentBytes: 2048 });
    const first = join(dir, "00000000000000000000.log");
    const size = (await stat(first)).size;
    const handle = await open(first, "r+");
    await handle.write(Buffer.from([0x5a]), 0, 1, size - 2);
    await handle.close();

    const { log, logger } = await reopenReal(dir, { segmentBytes: 2048 });
    const [range] = log.damagedRanges();
    expect(range).toMatchObject({ file: first, reason: "CRC-32C mismatch" });
    await expect(log.read(range!.from, 1 << 20, log.logEndOffset, true)).rejects.toMatchObject({ code: "corrupt" });
    expect((await allBaseOffsets(log)).at(-1)).toBe(range!.from - 2);
    expect(logger.at("error")).toHaveLength(1);
    expect((await stat(first)).size).toBe(size);
    await log.close();
  });

  it("removes index files whose segment was already deleted", async () => {
    const { dir } = await fillRealLog(30, { segmentBytes: 2048 });
    await unlink(join(dir, "00000000000000000000.log"));
    const { log } = await reopenReal(dir, { segmentBytes: 2048 });
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect((await readdir(dir)).filter((name) => name.startsWith("00000000000000000000"))).toEqual([]);
    await log.close();
  });
});

describe("recovery after simulated power loss with torn writes", () => {
  it("always opens at a batch boundary with a prefix of what was appended", async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const disk = new SimulatedDisk();
      const { log } = await openTestLog({ durability: { mode: "none" }, segmentBytes: 4096 }, { fs: disk });
      const appended = new Map<number, Buffer>();
      for (let index = 0; index < 60; index++) {
        const batch = await testBatch({ count: 1 + (index % 3), valueBytes: 40 + ((index * seed) % 90), fill: index });
        const result = await log.append(batch);
        appended.set(result.baseOffset, Buffer.from(batch));
        if (index === seed) await log.flush();
      }
      disk.crash({ keepUnsynced: (_path, bytes) => (seed * 7919) % (bytes + 1) });

      const logger = new RecordingLogger();
      const { log: recovered } = await openTestLog({ durability: { mode: "none" }, segmentBytes: 4096 }, { fs: disk, logger });
      const read = await recovered.read(0, 1 << 24, recovered.logEndOffset, false);
      const stored = Buffer.concat(read.chunks);
      let at = 0;
      for (const header of batchesIn(read.chunks)) {
        const original = appended.get(header.baseOffset);
        expect(original, `seed ${seed}: unexpected batch at ${header.baseOffset}`).toBeDefined();
        expect(stored.subarray(at, at + (original?.byteLength ?? 0)).equals(original ?? Buffer.alloc(0))).toBe(true);
        at += original?.byteLength ?? 0;
      }
      expect(at).toBe(stored.byteLength);
      expect(recovered.logEndOffset).toBeGreaterThanOrEqual([...appended.keys()][seed + 1] ?? 0);
      expect(logger.at("warn").length).toBeLessThanOrEqual(1);
      await recovered.close();
    }
  });
});
