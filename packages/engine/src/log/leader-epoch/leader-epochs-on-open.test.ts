import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LogFile, LogFileSystem, OpenMode } from "../fs/log-file-system.js";
import { SimulatedDisk } from "../fs/simulated-disk.js";
import type { LeaderEpochEntry, PartitionLog, PartitionLogConfig } from "../partition-log.js";
import { appendEpochs } from "../test-support/leader-batches.js";
import { openTestLog, TEST_DIR } from "../test-support/open-test-log.js";
import { RecordingLogger } from "../test-support/recording-logger.js";
import { testBatch } from "../test-support/test-batches.js";
import { CHECKPOINT_FILE, formatCheckpoint, parseCheckpoint } from "./epoch-checkpoint.js";

/** Counts the bytes read from each file, to tell a tail check from a full scan. */
class ReadCountingDisk implements LogFileSystem {
  readonly bytesRead = new Map<string, number>();

  constructor(readonly disk: SimulatedDisk) {}

  async open(path: string, mode: OpenMode): Promise<LogFile> {
    const file = await this.disk.open(path, mode);
    return {
      path: file.path,
      read: async (into, position) => {
        const got = await file.read(into, position);
        this.bytesRead.set(path, (this.bytesRead.get(path) ?? 0) + got);
        return got;
      },
      writev: (chunks, position) => file.writev(chunks, position),
      sync: () => file.sync(),
      truncate: (length) => file.truncate(length),
      size: () => file.size(),
      close: () => file.close(),
    };
  }

  mkdir = (path: string) => this.disk.mkdir(path);
  readdir = (path: string) => this.disk.readdir(path);
  stat = (path: string) => this.disk.stat(path);
  rename = (from: string, to: string) => this.disk.rename(from, to);
  unlink = (path: string) => this.disk.unlink(path);
  removeDirectory = (path: string) => this.disk.removeDirectory(path);
  syncDirectory = (path: string) => this.disk.syncDirectory(path);
}

const CONFIG: Partial<PartitionLogConfig> = { segmentBytes: 1024, indexIntervalBytes: 256 };
const CHECKPOINT = join(TEST_DIR, CHECKPOINT_FILE);

/** Epochs 0..4 over 50 batches: changes inside segments and (by chance of sizes) at their edges. */
const EPOCHS = Array.from({ length: 50 }, (_, index) => Math.floor(index / 11) + (index > 30 ? 1 : 0));

async function reopen(disk: LogFileSystem, overrides: Partial<PartitionLogConfig> = CONFIG): Promise<{ log: PartitionLog; logger: RecordingLogger }> {
  const logger = new RecordingLogger();
  const { log } = await openTestLog(overrides, { fs: disk, logger });
  return { log, logger };
}

/** The definition: an entry at the first batch of each epoch among the batches stored now. */
async function epochsOfStoredBatches(log: PartitionLog): Promise<LeaderEpochEntry[]> {
  const entries: LeaderEpochEntry[] = [];
  for await (const header of log.headers(log.logStartOffset)) {
    const epoch = header.partitionLeaderEpoch;
    if (epoch >= 0 && epoch !== entries.at(-1)?.epoch) entries.push({ epoch, startOffset: header.baseOffset });
  }
  return entries;
}

describe("leader epochs derived on open", () => {
  it("equal the ones maintained live, reading closed segments only at their tails", async () => {
    const disk = new SimulatedDisk();
    const { log } = await openTestLog(CONFIG, { fs: disk });
    await appendEpochs(log, EPOCHS);
    const live = log.leaderEpochs;
    expect(live.map((entry) => entry.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(live).toEqual(await epochsOfStoredBatches(log));
    await log.close();

    const counting = new ReadCountingDisk(disk);
    const { log: reopened, logger } = await reopen(counting);
    expect(reopened.leaderEpochs).toEqual(live);
    expect(logger.lines.filter((line) => line.message.includes("checkpoint"))).toEqual([]);
    const logReads = [...counting.bytesRead].filter(([path]) => path.endsWith(".log")).reduce((sum, [, bytes]) => sum + bytes, 0);
    expect(logReads).toBeLessThan(reopened.size() / 2);
  });

  it("are rebuilt from the closed segments when the checkpoint is missing or damaged", async () => {
    const disk = new SimulatedDisk();
    const { log } = await openTestLog(CONFIG, { fs: disk });
    await appendEpochs(log, EPOCHS);
    const live = log.leaderEpochs;
    await log.close();

    await disk.unlink(CHECKPOINT);
    const counting = new ReadCountingDisk(disk);
    const { log: rebuilt, logger } = await reopen(counting);
    expect(rebuilt.leaderEpochs).toEqual(live);
    expect(logger.at("info").map((line) => line.message)).toContain("no leader epoch checkpoint; building it from the closed segments");
    const logReads = [...counting.bytesRead].filter(([path]) => path.endsWith(".log")).reduce((sum, [, bytes]) => sum + bytes, 0);
    expect(logReads).toBeGreaterThanOrEqual(rebuilt.size());
    await rebuilt.close();
    const written = parseCheckpoint(new TextDecoder().decode(disk.contents(CHECKPOINT) ?? new Uint8Array()));
    if (typeof written === "string") throw new Error(written);
    expect(written.length).toBeGreaterThan(2);
    expect(live.slice(0, written.length)).toEqual(written);

    disk.corrupt(CHECKPOINT, 0, new TextEncoder().encode("9"));
    const { log: again, logger: warned } = await reopen(disk);
    expect(again.leaderEpochs).toEqual(live);
    expect(warned.at("warn").map((line) => line.fields.reason)).toEqual([expect.stringContaining("version")]);
  });

  it("equal the live ones after truncation into a closed segment and after retention", async () => {
    const disk = new SimulatedDisk();
    const { log } = await openTestLog({ ...CONFIG, retentionBytes: 3000 }, { fs: disk });
    await appendEpochs(log, EPOCHS);
    await log.truncateTo(60);
    expect(log.leaderEpochs.at(-1)?.startOffset).toBeLessThan(60);
    await log.close();
    const { log: truncated } = await reopen(disk, { ...CONFIG, retentionBytes: 3000 });
    expect(truncated.leaderEpochs).toEqual(await epochsOfStoredBatches(truncated));

    await appendEpochs(truncated, [3, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
    const { deletedSegments, logStartOffset } = await truncated.enforceRetention();
    expect(deletedSegments).toBeGreaterThan(0);
    const live = truncated.leaderEpochs;
    expect(live[0]?.startOffset).toBe(logStartOffset);
    expect(live).toEqual(await epochsOfStoredBatches(truncated));
    await truncated.close();
    const { log: retained } = await reopen(disk, { ...CONFIG, retentionBytes: 3000 });
    expect(retained.leaderEpochs).toEqual(live);
  });

  it("follow whatever prefix a power loss leaves, at any moment of a run of appends, rolls and truncations", async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const disk = new SimulatedDisk();
      const { log } = await openTestLog({ ...CONFIG, durability: { mode: "none" } }, { fs: disk });
      let epoch = 0;
      for (let step = 0; step < 40; step++) {
        const roll = (seed * 31 + step * 17) % 23;
        if (roll < 4) epoch += 1;
        if (roll === 7 && log.logEndOffset > 4) await log.truncateTo(log.logEndOffset - 1 - (step % 4));
        else await log.append(await testBatch({ count: 1 + (step % 3), valueBytes: 40 + ((seed * step) % 70), fill: step }), epoch);
        if (step === seed) await log.flush();
      }
      disk.crash({ keepUnsynced: (_path, bytes) => (seed * 7919) % (bytes + 1) });
      const { log: recovered } = await reopen(disk, { ...CONFIG, durability: { mode: "none" } });
      expect(recovered.leaderEpochs, `seed ${seed}`).toEqual(await epochsOfStoredBatches(recovered));
      await recovered.close();
    }
  });
});

describe("the checkpoint file", () => {
  it("round-trips and rejects what it cannot trust", () => {
    const entries = [
      { epoch: 0, startOffset: 0 },
      { epoch: 3, startOffset: 17 },
      { epoch: 9, startOffset: 2 ** 40 },
    ];
    expect(formatCheckpoint(entries)).toBe("0\n3\n0 0\n3 17\n9 1099511627776\n");
    expect(parseCheckpoint(formatCheckpoint(entries))).toEqual(entries);
    expect(parseCheckpoint("0\n0\n")).toEqual([]);
    expect(parseCheckpoint("1\n0\n")).toMatch(/version/);
    expect(parseCheckpoint("0\n2\n1 5\n")).toMatch(/count/);
    expect(parseCheckpoint("0\n2\n3 5\n2 9\n")).toMatch(/increase/);
    expect(parseCheckpoint("0\n2\n1 5\n2 5\n")).toMatch(/increase/);
    expect(parseCheckpoint("0\n1\n-1 5\n")).toMatch(/entry 0/);
    expect(parseCheckpoint("0\n1\n2147483648 5\n")).toMatch(/entry 0/);
    expect(parseCheckpoint("0\n1\n1 99999999999999999999\n")).toMatch(/entry 0/);
  });
});
