import { LogError } from "../log/errors.js";
import type { Logger } from "../system/logger.js";
import type { Partition } from "./partition.js";

/**
 * One log-cleaner pass over the given partitions (only compacted topics do anything; see
 * log/cleaner/log-cleaner.ts), logged once: what was cleaned, records removed, bytes
 * before and after. A partition that fails is logged and skipped; the others go on.
 */
export async function cleanPartitions(partitions: Iterable<Partition>, logger: Logger): Promise<void> {
  const total = { partitions: 0, segmentsCleaned: 0, recordsRemoved: 0, bytesBefore: 0, bytesAfter: 0 };
  for (const partition of partitions) {
    try {
      const pass = await partition.log.clean();
      if (!pass || pass.segmentsCleaned === 0) continue;
      total.partitions += 1;
      total.segmentsCleaned += pass.segmentsCleaned;
      total.recordsRemoved += pass.recordsRemoved;
      total.bytesBefore += pass.bytesBefore;
      total.bytesAfter += pass.bytesAfter;
    } catch (error) {
      // A log closed under the pass (topic deleted, shutdown) has nothing left to clean.
      if (error instanceof LogError && error.code === "closed") continue;
      logger.error({ err: error, topic: partition.topic, partition: partition.index }, "log cleaning failed");
    }
  }
  if (total.partitions > 0) logger.info(total, "log cleaner pass");
}
