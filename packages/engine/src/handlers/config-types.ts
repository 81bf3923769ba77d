/*
 * What DescribeConfigs v3+ says about each config it reports: the type (Kafka's
 * DescribeConfigsResponse ConfigType codes) and a line of documentation, sent only
 * when the client asks for it (include_documentation).
 */
const BOOLEAN = 1;
const STRING = 2;
const INT = 3;
const LONG = 5;
const DOUBLE = 6;
const LIST = 7;
const UNKNOWN = 0;

const CONFIGS: Record<string, readonly [type: number, documentation: string]> = {
  "retention.ms": [LONG, "How long a log segment is kept before retention may delete it; -1 keeps it forever."],
  "retention.bytes": [LONG, "Largest size a partition may grow to before retention deletes its oldest segments; -1 for no limit."],
  "segment.bytes": [INT, "Size at which the active log segment is rolled."],
  "segment.ms": [LONG, "Age at which the active log segment is rolled, even if not full."],
  "max.message.bytes": [INT, "Largest record batch the topic accepts."],
  "compression.type": [STRING, "Codec batches are stored with; 'producer' keeps the producer's."],
  "message.timestamp.type": [STRING, "CreateTime keeps the producer's record timestamps; LogAppendTime stamps the broker's clock."],
  "freshet.durability": [STRING, "When produced batches are fsynced: batch (before acknowledging), interval (every flush.ms) or none."],
  "flush.ms": [LONG, "fsync interval of freshet.durability=interval."],
  "min.insync.replicas": [INT, "In-sync replicas an acks=all produce needs."],
  "unclean.leader.election.enable": [BOOLEAN, "Whether a replica outside the ISR may become leader, losing records."],
  "freshet.smartmodules": [STRING, "SmartModule chain (JSON) applied to produced batches, or to the source topic's records."],
  "freshet.source": [STRING, "Source topic a derived topic is filled from; empty for an ordinary topic."],
  "cleanup.policy": [LIST, "delete, compact, or both: how old segments are cleaned."],
  "delete.retention.ms": [LONG, "How long tombstones stay in a compacted topic."],
  "min.compaction.lag.ms": [LONG, "Minimum age of a record before compaction may remove it."],
  "max.compaction.lag.ms": [LONG, "Maximum age of a record before its segment becomes eligible for compaction."],
  "min.cleanable.dirty.ratio": [DOUBLE, "Share of uncompacted bytes in the log that triggers compaction."],
  "broker.id": [INT, "This broker's node id."],
  "num.partitions": [INT, "Partitions of a topic created without a count."],
  "default.replication.factor": [INT, "Replicas of a topic created without a replication factor."],
  "auto.create.topics.enable": [BOOLEAN, "Whether Metadata requests create unknown topics."],
};

/** config_type and documentation of config `name`; documentation null unless asked for. */
export function configTypeOf(name: string, includeDocumentation: boolean): { configType: number; documentation: string | null } {
  const known = CONFIGS[name];
  return { configType: known?.[0] ?? UNKNOWN, documentation: includeDocumentation ? (known?.[1] ?? null) : null };
}
