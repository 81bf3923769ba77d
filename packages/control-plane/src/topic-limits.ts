import { z } from "zod";

/*
 * The limits of a topic as the cloud offers it: the API's input schemas, the console's forms and
 * the CLI's flags all read them here, so a form never allows what the server then refuses (nor
 * refuses what the server would take). Every message is a sentence a person can act on.
 */

/** Kafka's limit on a topic name's length (Topic.validate); longer names are refused, never cut. */
export const TOPIC_NAME_MAX_LENGTH = 249;
/** The most partitions one topic may have; the engine enforces the same (MAX_PARTITIONS_PER_TOPIC in topics/partition-limit.ts). */
export const MAX_PARTITIONS_PER_TOPIC = 10_000;
/** Kafka's replication factor is an int16; a cloud cluster further allows at most its SPU count. */
export const MAX_REPLICATION_FACTOR = 32_767;
/** The engine's floor for max.message.bytes (one batch header and a record). */
export const MIN_MESSAGE_BYTES = 64;
/** A record batch must fit one request frame of the SPU (its --max-frame-bytes default is 100 MiB); 16 MiB leaves room for the rest of the request. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Shorter retention deletes records before most consumers could read them. */
export const MIN_RETENTION_MS = 60_000;
/** A size limit smaller than one segment would delete each segment as soon as it rolls. */
export const MIN_RETENTION_BYTES = 1024 * 1024;

export const COMPRESSION_TYPES = ["producer", "none", "gzip", "snappy", "lz4", "zstd"] as const;
export const DURABILITY_POLICIES = ["batch", "interval", "none"] as const;

/** Why `name` is not a topic name a tenant may create, or null when it is. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return "Enter a topic name.";
  if (name.length > TOPIC_NAME_MAX_LENGTH) return `A topic name has at most ${TOPIC_NAME_MAX_LENGTH} characters; this one has ${name.length}.`;
  if (name === "." || name === "..") return `"${name}" cannot be a topic name: Kafka reserves "." and "..".`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return "A topic name uses only letters, digits, dots (.), dashes (-) and underscores (_).";
  if (name.startsWith("__")) return 'Topic names starting with "__" are reserved for the cluster\'s internal topics.';
  return null;
}

export const topicNameSchema = z.string().superRefine((name, ctx) => {
  const problem = topicNameProblem(name);
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
});

const plural = (count: number, one: string) => `${count.toLocaleString("en-US")} ${one}${count === 1 ? "" : "s"}`;

export const partitionsSchema = z
  .number({ message: "Enter a number of partitions." })
  .int("The number of partitions is a whole number.")
  .min(1, "A topic needs at least 1 partition.")
  .max(MAX_PARTITIONS_PER_TOPIC, `A topic has at most ${plural(MAX_PARTITIONS_PER_TOPIC, "partition")}.`);

export const replicationFactorSchema = z
  .number({ message: "Enter a replication factor." })
  .int("The replication factor is a whole number.")
  .min(1, "A topic needs at least 1 replica.")
  .max(MAX_REPLICATION_FACTOR, `A topic has at most ${plural(MAX_REPLICATION_FACTOR, "replica")}.`);

/** Milliseconds, or -1 to keep records forever. */
export const retentionMsSchema = z
  .number()
  .int("Retention time is a whole number of milliseconds.")
  .refine((ms) => ms === -1 || ms >= MIN_RETENTION_MS, "Keep records for at least 1 minute, or forever.");

/** Bytes per partition, or -1 for no size limit. */
export const retentionBytesSchema = z
  .number()
  .int("Retention size is a whole number of bytes.")
  .refine((bytes) => bytes === -1 || bytes >= MIN_RETENTION_BYTES, "A retention size is at least 1 MiB per partition, or unlimited.");

export const maxMessageBytesSchema = z
  .number({ message: "Enter the largest message size in bytes." })
  .int("The largest message size is a whole number of bytes.")
  .min(MIN_MESSAGE_BYTES, `The largest message size is at least ${MIN_MESSAGE_BYTES} bytes.`)
  .max(MAX_MESSAGE_BYTES, `The largest message size is at most ${MAX_MESSAGE_BYTES / 1024 / 1024} MiB (${MAX_MESSAGE_BYTES.toLocaleString("en-US")} bytes).`);

/** What a new topic may set; unset fields take the cluster's defaults. */
export const topicSettingsSchema = z.object({
  partitions: partitionsSchema,
  replicationFactor: replicationFactorSchema.optional(),
  retentionMs: retentionMsSchema.optional(),
  retentionBytes: retentionBytesSchema.optional(),
  durability: z.enum(DURABILITY_POLICIES, { message: "Durability is batch, interval or none." }).optional(),
  compression: z.enum(COMPRESSION_TYPES, { message: "Compression is producer, none, gzip, snappy, lz4 or zstd." }).optional(),
  maxMessageBytes: maxMessageBytesSchema.optional(),
});
export type TopicSettings = z.infer<typeof topicSettingsSchema>;

/** The Kafka topic configs (CreateTopics) that `settings` stand for. */
export function topicConfigsOf(settings: Omit<TopicSettings, "partitions" | "replicationFactor">): Record<string, string> {
  const configs: Record<string, string> = {};
  if (settings.retentionMs !== undefined) configs["retention.ms"] = String(settings.retentionMs);
  if (settings.retentionBytes !== undefined) configs["retention.bytes"] = String(settings.retentionBytes);
  if (settings.durability !== undefined) configs["freshet.durability"] = settings.durability;
  if (settings.compression !== undefined) configs["compression.type"] = settings.compression;
  if (settings.maxMessageBytes !== undefined) configs["max.message.bytes"] = String(settings.maxMessageBytes);
  return configs;
}

/**
 * Configs a topic keeps from its creation (the engine refuses to change them): durability and
 * flushing are wired into its open logs, a derived topic's source and chain into its derivation.
 */
export const FIXED_TOPIC_CONFIGS = ["freshet.durability", "flush.ms", "freshet.source", "freshet.smartmodules"] as const;

/** Configs that may be changed after creation, each checked by the engine as at creation. */
export const EDITABLE_TOPIC_CONFIGS = [
  "retention.ms",
  "retention.bytes",
  "segment.bytes",
  "segment.ms",
  "max.message.bytes",
  "compression.type",
  "message.timestamp.type",
  "min.insync.replicas",
  "unclean.leader.election.enable",
  "cleanup.policy",
  "delete.retention.ms",
  "min.compaction.lag.ms",
  "max.compaction.lag.ms",
  "min.cleanable.dirty.ratio",
] as const;
export type EditableTopicConfig = (typeof EDITABLE_TOPIC_CONFIGS)[number];

export function isEditableTopicConfig(name: string): name is EditableTopicConfig {
  return (EDITABLE_TOPIC_CONFIGS as readonly string[]).includes(name);
}

/** Limits of ours that are stricter than the engine's, for the configs that have them; null when `value` is within them. */
export function topicConfigValueProblem(name: EditableTopicConfig, value: string): string | null {
  const schema = name === "retention.ms" ? retentionMsSchema : name === "retention.bytes" ? retentionBytesSchema : name === "max.message.bytes" ? maxMessageBytesSchema : null;
  if (schema === null) return null;
  if (!/^-?\d+$/.test(value.trim())) return `${name} is a whole number.`;
  const parsed = schema.safeParse(Number(value));
  return parsed.success ? null : parsed.error.issues[0]!.message;
}

/** The message browser reads at most this many records for one page, so a filter that matches nothing still answers promptly. */
export const MESSAGE_SCAN_LIMIT = 5_000;
/** The most records one page of the message browser shows. */
export const MESSAGE_PAGE_SIZE_MAX = 100;
export const MESSAGE_PAGE_SIZE_DEFAULT = 20;

/** The largest SmartModule (.wasm) the console uploads; JavaScript components are about 12 MiB. */
export const SMARTMODULE_MAX_BYTES = 32 * 1024 * 1024;

/** Why `name` cannot name a SmartModule (the engine's rule, module-reference.ts: a plain name, or `group/name` from the hub), or null. */
export function smartModuleNameProblem(name: string): string | null {
  if (name.length === 0) return "Enter a SmartModule name.";
  if (name.includes("/")) {
    // A module loaded from the hub is named after its package: group/name, with the hub's rules for each part.
    return /^[a-z0-9][a-z0-9-]{1,38}\/[a-z0-9][a-z0-9._-]{0,63}$/.test(name)
      ? null
      : "A SmartModule name from the hub is group/name: a group of 2 to 39 lowercase letters, digits and dashes, and a name of lowercase letters, digits, dots, dashes and underscores, each starting with a letter or digit.";
  }
  if (name.length > 100) return `A SmartModule name has at most 100 characters; this one has ${name.length}.`;
  return /^[a-z0-9][a-z0-9._-]*$/.test(name) ? null : "A SmartModule name uses lowercase letters, digits, dots, dashes and underscores, and starts with a letter or digit.";
}

/** Why `version` is not a semantic version the engine accepts, or null. */
export function smartModuleVersionProblem(version: string): string | null {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version) ? null : "A SmartModule version is a semantic version such as 1.0.0.";
}
