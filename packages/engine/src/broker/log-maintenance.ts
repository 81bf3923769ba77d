import { every, type Cancel } from "../system/clock.js";
import type { EngineResources } from "../system/resources.js";

/** What the periodic passes run on: the topics' logs and, when it keeps them in a log of its own, the offsets store. */
export interface MaintainedLogs {
  enforceRetention(): Promise<void>;
  cleanLogs(): Promise<void>;
  compactOffsets?(): Promise<void> | undefined;
}

export interface MaintenanceIntervals {
  readonly retentionMs: number;
  readonly cleanerMs: number;
}

/**
 * Runs retention and the log cleaner on the resources' clock until the returned
 * function is called. A cleaner pass still running when the next falls due is not
 * stacked on; a failed pass is logged and the next runs as usual.
 */
export function startLogMaintenance(logs: MaintainedLogs, intervals: MaintenanceIntervals, resources: EngineResources): Cancel {
  const { clock, logger } = resources;
  const stopRetention = every(clock, intervals.retentionMs, () => {
    logs.enforceRetention().catch((error: unknown) => logger.error({ err: error }, "retention pass failed"));
  });
  let cleaning = false;
  const stopCleaner = every(clock, intervals.cleanerMs, () => {
    if (cleaning) return;
    cleaning = true;
    Promise.all([logs.cleanLogs(), logs.compactOffsets?.()])
      .catch((error: unknown) => logger.error({ err: error }, "log cleaner pass failed"))
      .finally(() => (cleaning = false));
  });
  return () => {
    stopRetention();
    stopCleaner();
  };
}
