import { describe, expect, it } from "vitest";
import { openTestLog, waitFor } from "../log/test-support/open-test-log.js";
import { RecordingLogger } from "../log/test-support/recording-logger.js";
import { testBatch } from "../log/test-support/test-batches.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { startLogMaintenance, type MaintainedLogs } from "./log-maintenance.js";

const HOUR = 3_600_000;
const INTERVALS = { retentionMs: 60_000, cleanerMs: 15_000 };

/** Counts passes; a cleaner pass stays running until `finishCleaning` is called. */
function countingLogs() {
  const passes = { retention: 0, cleaner: 0, offsets: 0 };
  let finishCleaning = () => {};
  const logs: MaintainedLogs = {
    enforceRetention: async () => void passes.retention++,
    cleanLogs: () => {
      passes.cleaner++;
      return new Promise<void>((resolve) => (finishCleaning = resolve));
    },
    compactOffsets: async () => void passes.offsets++,
  };
  return { passes, logs, finishCleaning: () => finishCleaning() };
}

describe("log maintenance", () => {
  it("deletes expired segments on the retention interval, not before", async () => {
    const clock = new ManualClock(0);
    const { log, fs } = await openTestLog({ segmentBytes: 1024, retentionMs: 2 * HOUR }, { clock });
    for (let segment = 0; segment < 3; segment++) {
      for (let index = 0; index < 4; index++) await log.append(await testBatch({ valueBytes: 180, timestamp: segment * HOUR }));
    }
    const stop = startLogMaintenance({ enforceRetention: async () => void (await log.enforceRetention()), cleanLogs: async () => {} }, INTERVALS, {
      clock,
      logger: new RecordingLogger(),
    });
    // Expired, but no pass has run yet.
    clock.set(4 * HOUR);
    const segmentsNow = (await fs.readdir("/data/topics/events-0")).length;
    expect(log.logStartOffset).toBe(0);
    clock.advance(INTERVALS.retentionMs);
    await waitFor(() => log.logStartOffset > 0);
    expect((await fs.readdir("/data/topics/events-0")).length).toBeLessThan(segmentsNow);
    stop();
    await log.close();
  });

  it("runs retention every interval and stops when cancelled", () => {
    const clock = new ManualClock(0);
    const { passes, logs } = countingLogs();
    const stop = startLogMaintenance(logs, INTERVALS, { clock, logger: new RecordingLogger() });
    clock.advance(INTERVALS.retentionMs - 1);
    expect(passes.retention).toBe(0);
    clock.advance(1);
    expect(passes.retention).toBe(1);
    clock.advance(2 * INTERVALS.retentionMs);
    expect(passes.retention).toBe(3);
    stop();
    clock.advance(10 * INTERVALS.retentionMs);
    expect(passes.retention).toBe(3);
    expect(clock.pendingTimers).toBe(0);
  });

  it("does not start a cleaner pass while the previous one runs, and compacts the offsets with each pass", async () => {
    const clock = new ManualClock(0);
    const { passes, logs, finishCleaning } = countingLogs();
    const stop = startLogMaintenance(logs, INTERVALS, { clock, logger: new RecordingLogger() });
    clock.advance(INTERVALS.cleanerMs);
    expect(passes).toMatchObject({ cleaner: 1, offsets: 1 });
    clock.advance(3 * INTERVALS.cleanerMs);
    expect(passes.cleaner).toBe(1);
    finishCleaning();
    // The pass ends once its promise chain settles; the next tick then starts another.
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(INTERVALS.cleanerMs);
    expect(passes).toMatchObject({ cleaner: 2, offsets: 2 });
    stop();
  });

  it("logs a failed pass and keeps running", async () => {
    const clock = new ManualClock(0);
    const logger = new RecordingLogger();
    let attempts = 0;
    const stop = startLogMaintenance({ enforceRetention: () => Promise.reject(new Error(`disk gone ${++attempts}`)), cleanLogs: async () => {} }, INTERVALS, { clock, logger });
    clock.advance(INTERVALS.retentionMs);
    clock.advance(INTERVALS.retentionMs);
    expect(attempts).toBe(2);
    await waitFor(() => logger.at("error").filter((line) => line.message === "retention pass failed").length === 2);
    stop();
  });
});
