import { ManualClock } from "../../system/test-support/manual-clock.js";
import { partitionLogConfig, type PartitionLogConfig } from "../config.js";
import type { LogFileSystem } from "../fs/log-file-system.js";
import { SimulatedDisk } from "../fs/simulated-disk.js";
import { PartitionLog } from "../partition-log.js";
import { RecordingLogger } from "./recording-logger.js";

export const TEST_DIR = "/data/topics/events-0";

export interface TestLogSetup {
  readonly fs?: LogFileSystem;
  readonly clock?: ManualClock;
  readonly logger?: RecordingLogger;
  readonly dir?: string;
}

export interface TestLog {
  readonly log: PartitionLog;
  readonly fs: LogFileSystem;
  readonly clock: ManualClock;
  readonly logger: RecordingLogger;
  readonly config: PartitionLogConfig;
}

/** Opens a log on a simulated disk (unless another file system is given) with a manual clock. */
export async function openTestLog(overrides: Partial<Omit<PartitionLogConfig, "dir">> = {}, setup: TestLogSetup = {}): Promise<TestLog> {
  const clock = setup.clock ?? new ManualClock(10_000);
  const fs = setup.fs ?? new SimulatedDisk(clock);
  const logger = setup.logger ?? new RecordingLogger();
  const config = partitionLogConfig(setup.dir ?? TEST_DIR, { retentionMs: null, ...overrides });
  const log = await PartitionLog.open(config, { fs, clock, logger });
  return { log, fs, clock, logger, config };
}

/** Polls `condition` until it holds; fails after `timeoutMs`. For waiting without sleeping a fixed time. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
