import type { TopicPartitions } from "./consumer-protocol.js";

export const RANGE_ASSIGNOR_NAME = "range";

export interface GroupMemberSubscription {
  readonly memberId: string;
  readonly topics: readonly string[];
}

/**
 * Kafka's RangeAssignor: per topic, the subscribed members sorted by id share the
 * partitions in contiguous ranges; the first (partitions % members) members get one
 * extra. The name "range" is what librdkafka and the Java client offer, so a
 * kcat -G member and ours can share a group.
 */
export function assignRange(members: readonly GroupMemberSubscription[], partitionCounts: ReadonlyMap<string, number>): Map<string, TopicPartitions[]> {
  const result = new Map<string, TopicPartitions[]>(members.map((m) => [m.memberId, []]));
  const topics = [...new Set(members.flatMap((m) => m.topics))].sort();
  for (const topic of topics) {
    const count = partitionCounts.get(topic) ?? 0;
    const subscribers = members
      .filter((m) => m.topics.includes(topic))
      .map((m) => m.memberId)
      .sort();
    if (count === 0 || subscribers.length === 0) continue;
    const perMember = Math.floor(count / subscribers.length);
    const withExtra = count % subscribers.length;
    subscribers.forEach((memberId, i) => {
      const start = perMember * i + Math.min(i, withExtra);
      const length = perMember + (i < withExtra ? 1 : 0);
      if (length === 0) return;
      const partitions = Array.from({ length }, (_, j) => start + j);
      result.get(memberId)!.push({ topic, partitions });
    });
  }
  return result;
}
