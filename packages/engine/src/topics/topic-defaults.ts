import { z } from "zod";

/**
 * What a topic created without a count gets (Kafka's num.partitions and
 * default.replication.factor): topics auto-created by Metadata and CreateTopics with -1.
 * A standalone broker uses its own; in a cluster the controller's apply, carried to
 * every SPU in the state it publishes, so all SPUs create alike.
 */
export const topicDefaultsSchema = z.object({
  numPartitions: z.number().int().min(1),
  /** Unset: 3, or fewer when the cluster has fewer brokers. */
  replicationFactor: z.number().int().min(1).optional(),
});

export type TopicDefaults = z.infer<typeof topicDefaultsSchema>;

/** Kafka's own default is 1 and so is ours; three copies of each partition where three brokers exist. */
const PREFERRED_REPLICATION = 3;

/** The replication factor a topic created without one gets on a cluster of `brokers` live brokers. */
export function defaultReplication(defaults: TopicDefaults, brokers: number): number {
  return defaults.replicationFactor ?? Math.min(PREFERRED_REPLICATION, brokers);
}
