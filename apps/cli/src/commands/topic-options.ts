import { z } from "zod";
import { MAX_PARTITIONS_PER_TOPIC, MAX_REPLICATION_FACTOR } from "@freshet/control-plane/topic-limits";
import { UserError } from "../errors/user-error.js";
import type { ChainStepFlags } from "./topic-chain-options.js";
import { count, durationMs, retentionMs, sizeBytes } from "../options/zod-options.js";

const INT32_MAX = 2 ** 31 - 1;

export const topicCreateSchema = z
  .object({
    /** Omitted: 1, or the source's count for a derived topic. */
    partitions: count.pipe(z.number().min(1, "a topic needs at least 1 partition").max(MAX_PARTITIONS_PER_TOPIC, `a topic has at most ${MAX_PARTITIONS_PER_TOPIC} partitions`)).optional(),
    /** Omitted: the broker's default (as many SPUs as are live, up to 3). */
    replication: count.pipe(z.number().min(1, "replication must be at least 1").max(MAX_REPLICATION_FACTOR, `replication is at most ${MAX_REPLICATION_FACTOR}`)).optional(),
    retentionTime: retentionMs.optional(),
    retentionBytes: sizeBytes.optional(),
    segmentSize: sizeBytes.pipe(z.number().min(1024, "a segment must be at least 1KiB").max(INT32_MAX, "a segment must be below 2GiB")).optional(),
    compression: z.enum(["none", "gzip", "snappy", "lz4", "zstd", "producer"]).optional(),
    durability: z.enum(["batch", "interval", "none"]).optional(),
    flushInterval: durationMs.pipe(z.number().min(1)).optional(),
    /** Source topic of a derived topic. */
    from: z.string().min(1).optional(),
  })
  .refine((o) => o.flushInterval === undefined || o.durability === undefined || o.durability === "interval", {
    message: "--flush-interval only applies with --durability interval",
    path: ["flushInterval"],
  });

export type TopicCreateOptions = z.output<typeof topicCreateSchema>;

/** Problems with --from/--sm that the broker would only report less directly. */
export function chainFlagsProblem(options: TopicCreateOptions, steps: readonly ChainStepFlags[]): string | null {
  if (options.from !== undefined && steps.length === 0) return "--from needs at least one --sm to apply to the source's records";
  return null;
}

/** The Kafka topic configs (CreateTopics) that the flags stand for. */
export function topicConfigs(options: TopicCreateOptions, steps: readonly ChainStepFlags[] = []): Record<string, string> {
  const configs: Record<string, string> = {};
  if (options.from !== undefined) configs["freshet.source"] = options.from;
  if (steps.length > 0) configs["freshet.smartmodules"] = JSON.stringify(steps);
  if (options.retentionTime !== undefined) configs["retention.ms"] = String(options.retentionTime);
  if (options.retentionBytes !== undefined) configs["retention.bytes"] = String(options.retentionBytes);
  if (options.segmentSize !== undefined) configs["segment.bytes"] = String(options.segmentSize);
  if (options.compression !== undefined) configs["compression.type"] = options.compression;
  if (options.durability !== undefined) configs["freshet.durability"] = options.durability;
  if (options.flushInterval !== undefined) configs["flush.ms"] = String(options.flushInterval);
  return configs;
}

/** `--config key=value` flags as a config map; a flag without `=` or a key is refused. */
export function configAssignments(flags: readonly string[]): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    if (eq <= 0) throw new UserError(`--config takes key=value, got '${flag}'`);
    configs[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return configs;
}
