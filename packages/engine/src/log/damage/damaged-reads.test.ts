import { mkdtemp, open, readdir, rm, stat, truncate, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../system/test-support/manual-clock.js";
import { nodeFileSystem } from "../fs/node-file-system.js";
import type { PartitionLog } from "../partition-log.js";
import { openTestLog } from "../test-support/open-test-log.js";
import { RecordingLogger } from "../test-support/recording-logger.js";
import { batchesIn, testBatch } from "../test-support/test-batches.js";
import { DAMAGE_REPORT_INTERVAL_MS, DamagedRangeError } from "./damaged-ranges.js";

/** ~280-byte batches: about 7 per 2 KiB segment, an index entry every other batch. */
const LAYOUT = { durability: { mode: "none" as const }, segmentBytes: 2048, indexIntervalBytes: 500 };

let dataDir = "";

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "freshet-log-damage-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly file: string;
  readonly position: number;
  readonly size: number;
}

/** Appends `count` two-record batches on real files and returns where each one is stored. */
async function fillLog(count: number): Promise<{ dir: string; batches: StoredBatch[] }> {
  const dir = join(dataDir, "events-0");
  const { log } = await openTestLog(LAYOUT, { fs: nodeFileSystem, dir });
  for (let index = 0; index < count; index++) await log.append(await testBatch({ count: 2, valueBytes: 100, fill: index, timestamp: 1_000 + index }));
  const bases = (await readdir(dir))
    .filter((name) => name.endsWith(".log"))
    .map((name) => Number(name.slice(0, 20)))
    .sort((a, b) => a - b);
  const batches: StoredBatch[] = [];
  for await (const header of log.headers(0)) {
    const segmentBase = bases.filter((base) => base <= header.baseOffset).at(-1) ?? 0;
    const file = join(dir, `${String(segmentBase).padStart(20, "0")}.log`);
    batches.push({ baseOffset: header.baseOffset, lastOffset: header.baseOffset + header.lastOffsetDelta, file, position: header.position, size: header.batchLength + 12 });
  }
  await log.close();
  return { dir, batches };
}

async function reopen(dir: string, clock = new ManualClock(10_000)): Promise<{ log: PartitionLog; logger: RecordingLogger; clock: ManualClock }> {
  const logger = new RecordingLogger();
  const { log } = await openTestLog(LAYOUT, { fs: nodeFileSystem, dir, logger, clock });
  return { log, logger, clock };
}

async function overwrite(file: string, position: number, bytes: number[]): Promise<void> {
  const handle = await open(file, "r+");
  await handle.write(Buffer.from(bytes), 0, bytes.length, position);
  await handle.close();
}

async function readBases(log: PartitionLog, from: number): Promise<number[]> {
  return batchesIn((await log.read(from, 1 << 24, log.logEndOffset, true)).chunks).map((header) => header.baseOffset);
}

async function refusal(log: PartitionLog, from: number): Promise<DamagedRangeError> {
  const error = await log.read(from, 1 << 24, log.logEndOffset, true).then(
    () => undefined,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(DamagedRangeError);
  return error as DamagedRangeError;
}

function errorsAbout(logger: RecordingLogger): number {
  return logger.at("error").filter((line) => line.message.startsWith("damaged log range")).length;
}

describe("reads of damaged closed segments", () => {
  it("refuses the batch whose record bytes no longer match its CRC, serves what is before and after it, and logs it once", async () => {
    const { dir, batches } = await fillLog(30);
    const victim = batches[3]!;
    await overwrite(victim.file, victim.position + 100, [0x00, 0xff]);

    const { log, logger, clock } = await reopen(dir);
    expect(await readBases(log, 0)).toEqual([0, 2, 4]);
    for (let attempt = 0; attempt < 50; attempt++) {
      const error = await refusal(log, victim.baseOffset);
      expect(error.code).toBe("corrupt");
      expect(error.range).toEqual({ from: victim.baseOffset, to: victim.lastOffset + 1, file: victim.file, position: victim.position, bytes: victim.size, reason: "CRC-32C mismatch" });
    }
    expect(await readBases(log, victim.lastOffset + 1)).toContain(victim.lastOffset + 1);
    expect(errorsAbout(logger)).toBe(1);
    expect(logger.at("warn")).toEqual([]);

    clock.advance(DAMAGE_REPORT_INTERVAL_MS);
    await refusal(log, victim.baseOffset);
    expect(logger.at("warn").map((line) => line.fields)).toEqual([expect.objectContaining({ from: victim.baseOffset, refusedReads: 51 })]);
    expect(log.damagedRanges()).toEqual([expect.objectContaining({ from: victim.baseOffset, refusedReads: 51 })]);
    await log.close();
  });

  it("refuses the offsets up to the next index entry when a batch length is damaged, and serves from there on", async () => {
    const { dir, batches } = await fillLog(30);
    const victim = batches[1]!;
    await overwrite(victim.file, victim.position + 8, [0x00, 0x00, 0x7f, 0x00]);

    const { log, logger } = await reopen(dir);
    const error = await refusal(log, victim.baseOffset);
    const resume = error.range.to;
    expect(error.range.from).toBe(victim.baseOffset);
    expect(resume).toBeGreaterThan(victim.lastOffset);
    const resumed = batches.find((batch) => batch.baseOffset === resume);
    expect(resumed?.file).toBe(victim.file);
    expect(error.range.bytes).toBe(resumed!.position - victim.position);
    await refusal(log, resume - 1);
    expect(await readBases(log, resume)).toContain(resume);
    expect(await readBases(log, 0)).toEqual([0]);
    expect(errorsAbout(logger)).toBe(1);
    await log.close();
  });
});

describe("walking batch headers over damage (producer-state recovery on start)", () => {
  it("skips a batch whose length is damaged up to the next index entry and records the range", async () => {
    const { dir, batches } = await fillLog(30);
    const victim = batches[1]!;
    await overwrite(victim.file, victim.position + 8, [0x00, 0x00, 0x7f, 0x00]);

    const { log, logger } = await reopen(dir);
    const walked: number[] = [];
    for await (const header of log.headers(0)) walked.push(header.baseOffset);
    const [range] = log.damagedRanges();
    expect(range).toMatchObject({ from: victim.baseOffset, file: victim.file });
    expect(walked).toEqual(batches.filter((batch) => batch.baseOffset < range!.from || batch.baseOffset >= range!.to).map((batch) => batch.baseOffset));
    expect(errorsAbout(logger)).toBe(1);
    await log.close();
  });
});

describe("offsets by time over damage", () => {
  it("skips a segment whose framing is damaged where the lookup walks, recording the range instead of failing", async () => {
    const { dir, batches } = await fillLog(30);
    const victim = batches[1]!;
    await overwrite(victim.file, victim.position + 8, [0x00, 0x00, 0x7f, 0x00]);

    const { log, logger } = await reopen(dir);
    const found = await log.batchForTimestamp(1_001);
    const nextSegment = batches.find((batch) => batch.file !== victim.file)!;
    expect(batchesIn([found!.batch])[0]?.baseOffset).toBe(nextSegment.baseOffset);
    expect(log.damagedRanges()).toEqual([expect.objectContaining({ from: victim.baseOffset, file: victim.file })]);
    expect(await readBases(log, 0)).toEqual([0]);
    expect(errorsAbout(logger)).toBe(1);
    await log.close();
  });
});

describe("opening a log with damaged or missing closed segments", () => {
  it("opens with a truncated closed segment, serves every other offset and leaves the file as it was", async () => {
    const { dir, batches } = await fillLog(30);
    const first = batches[0]!.file;
    const second = batches.find((batch) => batch.file !== first)!;
    const cutAt = batches[2]!.position + 50;
    await truncate(first, cutAt);

    const { log, logger } = await reopen(dir);
    expect(log.logStartOffset).toBe(0);
    expect(await readBases(log, 0)).toEqual([0, 2]);
    const error = await refusal(log, 4);
    expect(error.range).toMatchObject({ from: 4, to: second.baseOffset, file: first, position: batches[2]!.position, bytes: 50 });
    expect(await readBases(log, second.baseOffset)).toContain(log.logEndOffset - 2);
    expect((await stat(first)).size).toBe(cutAt);
    expect(errorsAbout(logger)).toBe(1);
    await log.close();
  });

  it("answers a missing middle segment with an error instead of stalling at the gap", async () => {
    const { dir, batches } = await fillLog(30);
    const files = [...new Set(batches.map((batch) => batch.file))];
    const missing = files[1]!;
    const gap = batches.filter((batch) => batch.file === missing);
    await unlink(missing);

    const { log, logger } = await reopen(dir);
    const from = gap[0]!.baseOffset;
    const to = gap.at(-1)!.lastOffset + 1;
    expect((await refusal(log, from + 1)).range).toMatchObject({ from, to, position: -1, bytes: 0 });
    expect(await readBases(log, 0)).toEqual(batches.filter((batch) => batch.file === files[0]).map((batch) => batch.baseOffset));
    expect(await readBases(log, to)).toContain(to);
    expect(logger.at("error").map((line) => line.fields)).toEqual([expect.objectContaining({ from, to, reason: expect.stringContaining("missing") })]);
    await log.close();
  });

  it("forgets damage that a follower's truncation or retention removed", async () => {
    const { dir, batches } = await fillLog(30);
    const victim = batches[3]!;
    await overwrite(victim.file, victim.position + 100, [0x00, 0xff]);
    const { log } = await reopen(dir);
    await refusal(log, victim.baseOffset);
    await log.truncateTo(victim.baseOffset);
    expect(log.damagedRanges()).toEqual([]);
    expect(log.logEndOffset).toBe(victim.baseOffset);
    const appended = await log.append(await testBatch({ count: 2 }));
    expect(appended.baseOffset).toBe(victim.baseOffset);
    expect(await readBases(log, 0)).toEqual([0, 2, 4, victim.baseOffset]);
    await log.close();
  });
});
