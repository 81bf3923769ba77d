import { z } from "zod";
import { LogError } from "./errors.js";

/**
 * When an append counts as done:
 * - `batch`: after the bytes are fsynced (fdatasync). Appends that arrive while an fsync is
 *   in flight wait and share the next write + fsync (group commit), so the cost per append
 *   falls as load rises. The default: an acknowledged record survives power loss.
 * - `interval`: after the write; the log fsyncs every `intervalMs` if anything is unsynced.
 *   Power loss can lose up to that window of acknowledged appends.
 * - `none`: after the write; the OS flushes when it likes (Kafka's default). Power loss can
 *   lose any acknowledged append not yet flushed; `kill -9` loses nothing.
 * In every mode a segment is fsynced before the next one is created and on clean close.
 */
export type Durability = { mode: "batch" } | { mode: "interval"; intervalMs: number } | { mode: "none" };

export interface PartitionLogConfig {
  /** One directory per partition, e.g. <data>/topics/<topic>-<partition>. */
  dir: string;
  /** Roll when the active segment would exceed this many bytes (default 128 MiB; at most 2^31 - 1). */
  segmentBytes: number;
  /** Roll when the active segment is older than this (default 7 days). */
  segmentMs: number;
  /** Delete whole closed segments whose newest record is older than this; null keeps them forever. */
  retentionMs: number | null;
  /** Delete the oldest closed segments while the log stays at least this big without them; null = unlimited. */
  retentionBytes: number | null;
  /** A sparse index entry every this many bytes (default 4096). */
  indexIntervalBytes: number;
  durability: Durability;
  /** Kafka's log compaction (cleanup.policy includes compact); null or absent: never compacted. */
  compaction?: CompactionPolicy | null;
}

/** Kafka's compaction settings, in milliseconds; see cleaner/log-cleaner.ts. */
export interface CompactionPolicy {
  /** How long a tombstone is still served after the cleaner first saw it (delete.retention.ms). */
  deleteRetentionMs: number;
  /** Records younger than this are never compacted (min.compaction.lag.ms). */
  minCompactionLagMs: number;
  /** A dirty record older than this makes the log cleanable whatever the dirty ratio (max.compaction.lag.ms). */
  maxCompactionLagMs: number;
  /** Clean once the dirty share of the closed segments' bytes reaches this (min.cleanable.dirty.ratio). */
  minCleanableDirtyRatio: number;
}

const MAX_SEGMENT_BYTES = 2 ** 31 - 1;

const durabilitySchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("batch") }),
  z.object({ mode: z.literal("interval"), intervalMs: z.number().int().positive() }),
  z.object({ mode: z.literal("none") }),
]);

const configSchema = z.object({
  dir: z.string().min(1),
  // Positions are kept in Int32Arrays and on disk as int32, as Kafka does.
  segmentBytes: z.number().int().min(1024).max(MAX_SEGMENT_BYTES),
  segmentMs: z.number().int().positive(),
  retentionMs: z.number().int().nonnegative().nullable(),
  retentionBytes: z.number().int().nonnegative().nullable(),
  indexIntervalBytes: z.number().int().positive(),
  durability: durabilitySchema,
  compaction: z
    .object({
      deleteRetentionMs: z.number().int().nonnegative(),
      minCompactionLagMs: z.number().int().nonnegative(),
      maxCompactionLagMs: z.number().int().positive(),
      minCleanableDirtyRatio: z.number().min(0).max(1),
    })
    .nullable()
    .optional(),
});

export const DEFAULT_LOG_CONFIG = {
  segmentBytes: 128 * 1024 * 1024,
  segmentMs: 7 * 24 * 60 * 60 * 1000,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  retentionBytes: null,
  indexIntervalBytes: 4096,
  durability: { mode: "batch" },
} as const satisfies Omit<PartitionLogConfig, "dir">;

export function partitionLogConfig(dir: string, overrides: Partial<Omit<PartitionLogConfig, "dir">> = {}): PartitionLogConfig {
  return { ...DEFAULT_LOG_CONFIG, ...overrides, dir };
}

export function validateLogConfig(config: PartitionLogConfig): PartitionLogConfig {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) throw new LogError("config", `invalid partition log config: ${parsed.error.message}`, { cause: parsed.error });
  return config;
}
