/** The most partitions one topic may have: bounds what one CreateTopics or CreatePartitions request makes a broker allocate. */
export const MAX_PARTITIONS_PER_TOPIC = 10_000;

/** Internal topics (`__consumer_offsets`) are the cluster's own; they do not count against a tenant's partition limit. */
export function countsAgainstLimit(topic: string): boolean {
  return !topic.startsWith("__");
}

/**
 * Why a change that takes a cluster from `existing` to `existing + added`
 * partitions breaks its limit (--max-partitions, e.g. a cloud plan's), or null.
 * POLICY_VIOLATION, as Kafka answers a request its create-topic policy refuses.
 */
export function partitionLimitProblem(existing: number, added: number, limit: number | null): { errorName: "POLICY_VIOLATION"; message: string } | null {
  if (limit === null || existing + added <= limit) return null;
  return {
    errorName: "POLICY_VIOLATION",
    message: `this cluster allows ${limit} partitions in all; it has ${existing}, and ${added} more were asked for`,
  };
}
