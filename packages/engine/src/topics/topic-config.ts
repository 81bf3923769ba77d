import { z } from "zod";
import { parseChainSpec, type ChainSpec } from "../smartmodules/chain-spec.js";

/**
 * Topic configuration as Kafka config strings arrive (CreateTopics configs) and as
 * we persist it. Durability is Freshet's own key: `batch` fsyncs before a produce
 * is acknowledged (group commit), `interval` fsyncs every `flush.ms`, `none` leaves
 * flushing to the OS (Kafka's default behaviour).
 */
export const COMPRESSION_TYPES = ["producer", "none", "gzip", "snappy", "lz4", "zstd"] as const;
export const DURABILITY_MODES = ["batch", "interval", "none"] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export const topicConfigSchema = z.object({
  "retention.ms": z
    .number()
    .int()
    .min(-1)
    .default(7 * DAY_MS),
  "retention.bytes": z.number().int().min(-1).default(-1),
  "segment.bytes": z
    .number()
    .int()
    .min(1024)
    .max(2 ** 31 - 1)
    .default(128 * 1024 * 1024),
  "segment.ms": z
    .number()
    .int()
    .min(1)
    .default(7 * DAY_MS),
  "max.message.bytes": z.number().int().min(64).default(1_048_588),
  "compression.type": z.enum(COMPRESSION_TYPES).default("producer"),
  "message.timestamp.type": z.enum(["CreateTime", "LogAppendTime"]).default("CreateTime"),
  "freshet.durability": z.enum(DURABILITY_MODES).default("batch"),
  "flush.ms": z.number().int().min(1).default(1000),
  /** acks=all produces fail with NOT_ENOUGH_REPLICAS while the ISR is smaller than this. */
  "min.insync.replicas": z.number().int().min(1).default(1),
  /** Whether an out-of-sync replica may become leader when no ISR member is live (losing data). */
  "unclean.leader.election.enable": z.boolean().default(false),
  /**
   * SmartModule chain (JSON, see chain-spec.ts) applied to produced batches, or, with
   * `freshet.source`, to the source topic's records; "" = none.
   */
  "freshet.smartmodules": z
    .string()
    .default("")
    .superRefine((text, ctx) => {
      const parsed = parseChainSpec(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: `not a SmartModule chain: ${parsed.message}` });
    }),
  /** Source topic of a derived topic, which the broker fills from it; "" = an ordinary topic. */
  "freshet.source": z.string().default(""),
  /**
   * Kafka's cleanup policy, a list: "delete" lets retention remove old segments; "compact"
   * alone (Kafka Connect's internal topics, changelogs, schema registries) keeps every
   * segment whatever retention says, so the latest value of each key is never lost.
   */
  "cleanup.policy": z
    .string()
    .default("delete")
    .superRefine((text, ctx) => {
      const problem = cleanupPolicyProblem(text);
      if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
    }),
  // Compaction tuning keys, accepted and reported as Kafka defines them (milliseconds).
  "delete.retention.ms": z.number().int().min(0).default(DAY_MS),
  "min.compaction.lag.ms": z.number().int().min(0).default(0),
  "max.compaction.lag.ms": z.number().int().min(1).default(Number.MAX_SAFE_INTEGER),
  "min.cleanable.dirty.ratio": z.number().min(0).max(1).default(0.5),
});

const CLEANUP_POLICIES = new Set(["delete", "compact"]);

/** "delete", "compact", or both comma-separated, as Kafka's list type reads them. */
function cleanupPolicyProblem(text: string): string | null {
  const policies = cleanupPolicies(text);
  if (policies.length === 0) return "cleanup.policy must name at least one of delete, compact";
  const unknown = policies.find((policy) => !CLEANUP_POLICIES.has(policy));
  return unknown === undefined ? null : `'${unknown}' is not a cleanup policy (delete, compact)`;
}

export function cleanupPolicies(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Whether retention may delete old segments: Kafka's compact-only topics keep them. */
export function retentionDeletes(config: TopicConfig): boolean {
  return cleanupPolicies(config["cleanup.policy"]).includes("delete");
}

export type TopicConfig = z.infer<typeof topicConfigSchema>;
export type TopicConfigKey = keyof TopicConfig;

const NUMERIC_KEYS = new Set<string>([
  "retention.ms",
  "retention.bytes",
  "segment.bytes",
  "segment.ms",
  "max.message.bytes",
  "flush.ms",
  "min.insync.replicas",
  "delete.retention.ms",
  "min.compaction.lag.ms",
  "max.compaction.lag.ms",
]);
const DECIMAL_KEYS = new Set<string>(["min.cleanable.dirty.ratio"]);
const BOOLEAN_KEYS = new Set<string>(["unclean.leader.election.enable"]);

export type ConfigProblem = { readonly key: string; readonly message: string };

/** Parses Kafka-style string configs; unknown keys and bad values are reported, not ignored. */
export function parseTopicConfig(entries: readonly { name: string; value: string | null }[]): { ok: true; value: TopicConfig } | { ok: false; error: ConfigProblem } {
  const known = topicConfigSchema.shape;
  const raw: Record<string, unknown> = {};
  for (const { name, value } of entries) {
    if (!(name in known)) return { ok: false, error: { key: name, message: `unknown topic config '${name}'` } };
    if (value === null) continue;
    if (NUMERIC_KEYS.has(name)) {
      if (!/^-?\d+$/.test(value.trim())) return { ok: false, error: { key: name, message: `'${name}' must be an integer, got '${value}'` } };
      // Kafka spells "forever" as Long.MAX_VALUE; past 2^53 a millisecond or byte count means the same.
      raw[name] = Math.min(Number(value), Number.MAX_SAFE_INTEGER);
    } else if (DECIMAL_KEYS.has(name)) {
      if (!/^\s*\d+(\.\d+)?\s*$/.test(value)) return { ok: false, error: { key: name, message: `'${name}' must be a number, got '${value}'` } };
      raw[name] = Number(value);
    } else if (BOOLEAN_KEYS.has(name)) {
      // Kafka's ConfigDef reads booleans case-insensitively, surrounding spaces ignored.
      const text = value.trim().toLowerCase();
      if (text !== "true" && text !== "false") return { ok: false, error: { key: name, message: `'${name}' must be true or false, got '${value}'` } };
      raw[name] = text === "true";
    } else {
      raw[name] = value;
    }
  }
  const parsed = topicConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? "config");
    return { ok: false, error: { key, message: `invalid value for '${key}': ${issue.message}` } };
  }
  return { ok: true, value: parsed.data };
}

/** The topic's chain; empty for none. The config was validated when the topic was created. */
export function chainOf(config: TopicConfig): ChainSpec {
  const parsed = parseChainSpec(config["freshet.smartmodules"]);
  return parsed.ok ? parsed.value : [];
}

export function defaultTopicConfig(): TopicConfig {
  return topicConfigSchema.parse({});
}

/** Config values as the strings DescribeConfigs reports; a key is a default unless the creator set it. */
export function configEntries(config: TopicConfig, explicit: readonly string[]): { name: TopicConfigKey; value: string; isDefault: boolean }[] {
  const set = new Set(explicit);
  return (Object.keys(config) as TopicConfigKey[]).map((name) => ({ name, value: String(config[name]), isDefault: !set.has(name) }));
}

/** Legal topic names, as Kafka's Topic.validate: [a-zA-Z0-9._-]{1,249}, not "." or "..". */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return "topic name is empty";
  if (name.length > 249) return "topic name is longer than 249 characters";
  if (name === "." || name === "..") return `topic name cannot be '${name}'`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return `topic name '${name}' has characters other than ASCII letters, digits, '.', '_' and '-'`;
  if (name.startsWith("__")) return `topic names starting with '__' are reserved for internal topics`;
  return null;
}
