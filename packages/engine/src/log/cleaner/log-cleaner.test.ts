import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { decodeRecordBatch } from "@freshet/protocol/records/decode-batch";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { describe, expect, it } from "vitest";
import { ProducerStateTable } from "../../producers/producer-state.js";
import type { CompactionPolicy } from "../config.js";
import { SimulatedDisk } from "../fs/simulated-disk.js";
import type { PartitionLog } from "../partition-log.js";
import { openTestLog, TEST_DIR, type TestLogSetup } from "../test-support/open-test-log.js";

const POLICY: CompactionPolicy = { deleteRetentionMs: 60_000, minCompactionLagMs: 0, maxCompactionLagMs: Number.MAX_SAFE_INTEGER, minCleanableDirtyRatio: 0.5 };
/** Small segments: a handful of batches each. */
const SEGMENT_BYTES = 1024;

interface Entry {
  readonly offset: number;
  readonly key: string;
  readonly value: string | null;
}

const text = new TextEncoder();
const decoder = new TextDecoder();

function keyed(key: string, value: string | null, timestamp: number, producer?: { id: number; seq: number }): Promise<Uint8Array> {
  return buildRecordBatch({
    records: [{ key: text.encode(key), value: value === null ? null : text.encode(value.padEnd(40, ".")), timestamp }],
    ...(producer ? { producerId: producer.id, producerEpoch: 0, baseSequence: producer.seq } : {}),
  });
}

async function openCompacted(policy: Partial<CompactionPolicy> = {}, setup: TestLogSetup = {}) {
  return openTestLog({ segmentBytes: SEGMENT_BYTES, compaction: { ...POLICY, ...policy } }, setup);
}

/** Every record the log serves, in offset order (values trimmed of their padding). */
async function entries(log: PartitionLog): Promise<Entry[]> {
  const read = await log.read(log.logStartOffset, 1 << 24, log.logEndOffset, false);
  const all: Entry[] = [];
  for (const chunk of read.chunks) {
    for (const batch of splitBatches(chunk).batches) {
      const decoded = await decodeRecordBatch(batch);
      if (!decoded.ok) throw new Error(decoded.error.message);
      for (const record of decoded.value.records) {
        all.push({ offset: record.offset, key: decoder.decode(record.key ?? new Uint8Array()), value: record.value === null ? null : decoder.decode(record.value).replace(/\.+$/, "") });
      }
    }
  }
  return all;
}

/** Kafka's view of a compacted prefix: the latest record of each key below `end`, then everything from `end` on. */
function compactedBelow(all: readonly Entry[], end: number): Entry[] {
  const latest = new Map<string, number>();
  for (const entry of all) if (entry.offset < end) latest.set(entry.key, entry.offset);
  return all.filter((entry) => entry.offset >= end || latest.get(entry.key) === entry.offset);
}

/** The active segment's base offset: the first offset the cleaner must not touch. */
async function activeBase(log: PartitionLog): Promise<number> {
  let base = 0;
  for await (const header of log.headers(log.logStartOffset)) if (header.position === 0) base = header.baseOffset;
  return base;
}

async function appendUpdates(log: PartitionLog, count: number, keys: number, timestamp: number, prefix = "k"): Promise<void> {
  for (let index = 0; index < count; index++) await log.append(await keyed(`${prefix}${index % keys}`, `v${index}`, timestamp));
}

/** Base offsets of the segments, oldest first. */
async function segmentBases(log: PartitionLog): Promise<number[]> {
  const bases: number[] = [];
  for await (const header of log.headers(log.logStartOffset)) if (header.position === 0) bases.push(header.baseOffset);
  return bases;
}

describe("log cleaner", () => {
  it("keeps only the latest value of each key in closed segments and leaves the active segment alone", async () => {
    const { log, clock, fs } = await openCompacted();
    await appendUpdates(log, 60, 3, clock.now());
    const before = await entries(log);
    const end = await activeBase(log);
    const sizeBefore = log.size();
    const segmentFiles = async () => (await fs.readdir(TEST_DIR)).filter((name) => name.endsWith(".log")).length;
    const filesBefore = await segmentFiles();

    const pass = await log.clean();

    expect(pass).toMatchObject({ recordsRemoved: expect.any(Number) as number });
    expect(pass?.segmentsCleaned).toBeGreaterThan(0);
    expect(await entries(log)).toEqual(compactedBelow(before, end));
    expect(log.size()).toBeLessThan(sizeBefore);
    // Segments the pass emptied are gone (but the first, which holds the log start).
    expect(await segmentFiles()).toBeLessThan(filesBefore / 2);
    expect(log.logStartOffset).toBe(0);
    expect(log.logEndOffset).toBe(60);
    // A fetch at an offset compacted away starts at the next batch kept.
    const [first] = (await log.read(1, 1 << 20, log.logEndOffset, true)).chunks;
    expect(first && readBatchHeader(first).baseOffset).toBeGreaterThan(1);
    await log.close();
  });

  it("serves the same compacted log after a restart, and appends go on", async () => {
    const fs = new SimulatedDisk();
    const { log, clock } = await openCompacted({}, { fs });
    await appendUpdates(log, 40, 2, clock.now());
    await log.clean();
    const cleaned = await entries(log);
    await log.close();

    const { log: reopened } = await openCompacted({}, { fs, clock });
    expect(await entries(reopened)).toEqual(cleaned);
    await reopened.append(await keyed("k0", "after", clock.now()));
    expect(reopened.logEndOffset).toBe(41);
    await reopened.close();
  });

  it("keeps a tombstone for delete.retention.ms after the pass that first kept it, then removes it", async () => {
    const { log, clock } = await openCompacted({ deleteRetentionMs: 10_000 });
    await appendUpdates(log, 10, 2, clock.now());
    await log.append(await keyed("k0", null, clock.now()));
    await appendUpdates(log, 30, 1, clock.now(), "other"); // k0 never again: rolls segments
    await log.clean();
    const tombstone = (await entries(log)).filter((entry) => entry.key === "k0");
    expect(tombstone).toEqual([{ offset: 10, key: "k0", value: null }]);

    clock.advance(9_999);
    await log.clean();
    expect((await entries(log)).filter((entry) => entry.key === "k0")).toEqual(tombstone);

    clock.advance(1);
    const pass = await log.clean();
    expect(pass?.recordsRemoved).toBeGreaterThanOrEqual(1);
    expect((await entries(log)).filter((entry) => entry.key === "k0")).toEqual([]);
    await log.close();
  });

  it("does not compact records younger than min.compaction.lag.ms", async () => {
    const { log, clock } = await openCompacted({ minCompactionLagMs: 5_000 });
    await appendUpdates(log, 40, 2, clock.now());
    const before = await entries(log);

    expect(await log.clean()).toBeNull();
    expect(await entries(log)).toEqual(before);

    clock.advance(5_000);
    expect((await log.clean())?.segmentsCleaned).toBeGreaterThan(0);
    expect(await entries(log)).toEqual(compactedBelow(before, await activeBase(log)));
    await log.close();
  });

  it("waits for min.cleanable.dirty.ratio, or for a record older than max.compaction.lag.ms", async () => {
    const { log, clock } = await openCompacted({ minCleanableDirtyRatio: 1, maxCompactionLagMs: 60_000 });
    await appendUpdates(log, 40, 2, clock.now());
    await log.clean();
    await appendUpdates(log, 20, 2, clock.now());
    // Now part of the closed bytes is clean: the ratio is below 1.
    expect(await log.clean()).toBeNull();
    clock.advance(60_000);
    expect((await log.clean())?.segmentsCleaned).toBeGreaterThan(0);
    await log.close();
  });

  it("cleans records written again below the checkpoint after a truncation against each other", async () => {
    const fs = new SimulatedDisk();
    const { log, clock } = await openCompacted({}, { fs });
    // Distinct keys: the pass moves the checkpoint to the active segment and removes nothing.
    await appendUpdates(log, 60, 60, clock.now(), "first");
    await log.clean();
    await log.truncateTo(20);
    await log.close();
    // Reopened: the lowered checkpoint must have been stored, not only remembered.
    const { log: reopened } = await openCompacted({}, { fs, clock });
    await appendUpdates(reopened, 20, 2, clock.now(), "again");
    await appendUpdates(reopened, 40, 40, clock.now(), "unique");
    const before = await entries(reopened);

    await reopened.clean();
    expect(await entries(reopened)).toEqual(compactedBelow(before, await activeBase(reopened)));
    await reopened.close();
  });

  it("ends with the old or the new segment whatever step of the swap a crash interrupts", async () => {
    for (const failing of [".index.cleaned", ".log.cleaned", ".log.swap"]) {
      const fs = new SimulatedDisk();
      const { log, clock } = await openCompacted({}, { fs });
      await appendUpdates(log, 60, 3, clock.now());
      await log.flush();
      const before = await entries(log);
      const after = compactedBelow(before, await activeBase(log));
      const [, second = 0] = await segmentBases(log);
      const firstSegment = (view: readonly Entry[]) => JSON.stringify(view.filter((entry) => entry.offset < second));
      fs.injectFault({ op: "rename", pathEndsWith: failing, code: "EIO" });
      await expect(log.clean()).rejects.toMatchObject({ code: "storage" });
      fs.crash();

      const { log: reopened } = await openCompacted({}, { fs, clock });
      const served = await entries(reopened);
      // Only the first segment was being swapped: it is wholly old or wholly new.
      expect([firstSegment(before), firstSegment(after)]).toContain(firstSegment(served));
      expect(firstSegment(served)).toBe(firstSegment(failing === ".log.swap" ? after : before));
      expect(served.filter((entry) => entry.offset >= 40)).toEqual(before.filter((entry) => entry.offset >= 40));
      const leftovers = (await fs.readdir(TEST_DIR)).filter((name) => name.endsWith(".cleaned") || name.endsWith(".swap"));
      expect(leftovers).toEqual([]);
      await reopened.clean();
      expect(await entries(reopened)).toEqual(compactedBelow(served, await activeBase(reopened)));
      await reopened.close();
    }
  });

  it("keeps each idempotent producer's last batch header, so deduplication survives cleaning and a restart", async () => {
    const fs = new SimulatedDisk();
    const { log, clock } = await openCompacted({}, { fs });
    const producer = { id: 7, seq: 0 };
    for (; producer.seq < 3; producer.seq++) await log.append(await keyed("shared0", `p${producer.seq}`, clock.now(), producer));
    // Another writer overwrites the key: every record of producer 7 is compacted away.
    await appendUpdates(log, 40, 1, clock.now(), "shared");
    await log.clean();
    expect((await entries(log)).some((entry) => entry.value?.startsWith("p") === true)).toBe(false);
    await log.close();

    const { log: reopened } = await openCompacted({}, { fs, clock });
    const table = new ProducerStateTable();
    for await (const header of reopened.headers(reopened.logStartOffset)) table.record(header, Promise.resolve(header.baseOffset));
    const retry = readBatchHeader(await keyed("shared0", "p2", clock.now(), { id: 7, seq: 2 }));
    const next = readBatchHeader(await keyed("shared0", "p3", clock.now(), { id: 7, seq: 3 }));
    expect(table.check(retry, false)).toMatchObject({ kind: "duplicate" });
    expect(table.check(next, false)).toEqual({ kind: "append" });
    await reopened.close();
  });
});
