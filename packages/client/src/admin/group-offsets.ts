import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import { deleteGroups as deleteGroupsApi } from "@freshet/protocol/messages/delete-groups";
import { offsetCommit } from "@freshet/protocol/messages/offset-commit";
import { offsetFetch } from "@freshet/protocol/messages/offset-fetch";
import type { Cluster } from "../cluster/cluster.js";
import { findGroupCoordinator } from "../cluster/coordinator.js";
import { listPartitionOffsets } from "../cluster/list-offsets.js";
import { GroupNotEmptyError } from "./group-errors.js";
import { describeGroup } from "./groups.js";
import type { GroupDescription, GroupOffsetReset, PartitionLag, PlannedOffset, TopicPartitionOffset } from "./types.js";

const NON_EMPTY_GROUP = errorCode("NON_EMPTY_GROUP");
/** What a simple commit gets from a group that has members (the empty member id is not one of them). */
const SIMPLE_COMMIT_REFUSED = new Set([errorCode("UNKNOWN_MEMBER_ID"), errorCode("ILLEGAL_GENERATION"), errorCode("REBALANCE_IN_PROGRESS")]);
/** States in which Kafka lets an admin change a group's offsets (kafka-consumer-groups --reset-offsets). */
const INACTIVE_STATES = new Set(["Empty", "Dead"]);

const byTopicPartition = (a: { topic: string; partition: number }, b: { topic: string; partition: number }): number => a.topic.localeCompare(b.topic) || a.partition - b.partition;

/** Every committed offset of `groupId` (OffsetFetch with null topics), sorted by topic and partition. */
export async function fetchGroupOffsets(cluster: Cluster, groupId: string): Promise<TopicPartitionOffset[]> {
  return cluster.retry(async () => {
    const connection = await cluster.connectionTo(await findGroupCoordinator(cluster, groupId));
    const response = await connection.request(offsetFetch, { groupId, topics: null, groups: [], requireStable: false });
    if (response.errorCode !== 0) throw new KafkaProtocolError(response.errorCode, `fetch offsets of group "${groupId}"`);
    const offsets: TopicPartitionOffset[] = [];
    for (const t of response.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== 0) throw new KafkaProtocolError(p.errorCode, `fetch offset of ${t.name}/${p.partitionIndex} for group "${groupId}"`);
        if (p.committedOffset >= 0n) offsets.push({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset) });
      }
    }
    return offsets.sort(byTopicPartition);
  });
}

/** Topics the group has committed offsets for, is assigned or subscribes to. */
function topicsOf(group: GroupDescription, committed: readonly TopicPartitionOffset[]): string[] {
  const topics = new Set(committed.map((c) => c.topic));
  for (const member of group.members) {
    for (const a of member.assignment ?? []) topics.add(a.topic);
    for (const t of member.subscribedTopics ?? []) topics.add(t);
  }
  return [...topics].sort();
}

/** Partition numbers of `topic`, or none when it was deleted (its stale commits are then left out). */
async function partitionsOf(cluster: Cluster, topic: string): Promise<number[]> {
  const [info] = await cluster.refreshMetadata([topic]);
  if (info === undefined || info.errorCode !== 0) return [];
  return info.partitions.map((p) => p.partition).sort((a, b) => a - b);
}

/** Committed offset, end offset and lag of every partition of `topics`. */
async function lagOf(cluster: Cluster, topics: readonly string[], committed: readonly TopicPartitionOffset[]): Promise<PartitionLag[]> {
  const perTopic = await Promise.all(
    topics.map(async (topic) => {
      const partitions = await partitionsOf(cluster, topic);
      if (partitions.length === 0) return [];
      const ends = await listPartitionOffsets(cluster, topic, partitions, "latest");
      return partitions.map((partition): PartitionLag => {
        const committedOffset = committed.find((c) => c.topic === topic && c.partition === partition)?.offset ?? null;
        const endOffset = ends.get(partition) ?? 0;
        return { topic, partition, committedOffset, endOffset, lag: committedOffset === null ? null : Math.max(0, endOffset - committedOffset) };
      });
    }),
  );
  return perTopic.flat();
}

/**
 * Per partition of every topic the group touches: the committed offset (null when nothing was
 * committed), the end offset (high watermark) and the lag between them, as kafka-consumer-groups
 * --describe shows them. `topics` narrows the answer.
 */
export async function describeGroupLag(cluster: Cluster, groupId: string, topics?: readonly string[]): Promise<PartitionLag[]> {
  const [group, committed] = await Promise.all([describeGroup(cluster, groupId), fetchGroupOffsets(cluster, groupId)]);
  return lagOf(
    cluster,
    topicsOf(group, committed).filter((t) => topics === undefined || topics.includes(t)),
    committed,
  );
}

/** Offsets at the first record whose timestamp is at or after `timestamp`; the end offset where none is. */
export async function offsetsForTimestamp(cluster: Cluster, topic: string, timestamp: number): Promise<TopicPartitionOffset[]> {
  const partitions = await partitionsOf(cluster, topic);
  if (partitions.length === 0) return [];
  const [found, ends] = await Promise.all([listPartitionOffsets(cluster, topic, partitions, { timestamp }), listPartitionOffsets(cluster, topic, partitions, "latest")]);
  return partitions.map((partition) => {
    const offset = found.get(partition) ?? -1;
    // ListOffsets answers -1 when no record is that late; Kafka's tools then take the end.
    return { topic, partition, offset: offset >= 0 ? offset : (ends.get(partition) ?? 0) };
  });
}

function refuseActive(group: GroupDescription, action: string): void {
  if (!INACTIVE_STATES.has(group.state) || group.members.length > 0) throw new GroupNotEmptyError(group.groupId, group.state, group.members.length, action);
}

/**
 * The offsets a reset would commit, partition by partition, without committing them: of the
 * topics named, or of every topic the group touches. Explicit
 * offsets are kept within the partition's log (log start to end), as kafka-consumer-groups does.
 */
export async function planGroupOffsetReset(cluster: Cluster, groupId: string, reset: GroupOffsetReset): Promise<PlannedOffset[]> {
  // Named topics are reset even where the group has no offsets yet (kafka-consumer-groups --topic does the same).
  const current = reset.topics === undefined ? await describeGroupLag(cluster, groupId) : await lagOf(cluster, [...new Set(reset.topics)].sort(), await fetchGroupOffsets(cluster, groupId));
  const topics = [...new Set(current.map((c) => c.topic))];
  const targets = new Map<string, number>();
  const key = (topic: string, partition: number): string => `${topic}\0${partition}`;
  await Promise.all(
    topics.map(async (topic) => {
      const partitions = current.filter((c) => c.topic === topic).map((c) => c.partition);
      if (reset.to.kind === "timestamp") {
        for (const o of await offsetsForTimestamp(cluster, topic, reset.to.timestamp)) targets.set(key(topic, o.partition), o.offset);
        return;
      }
      const earliest = await listPartitionOffsets(cluster, topic, partitions, "earliest");
      for (const c of current.filter((p) => p.topic === topic)) {
        const start = earliest.get(c.partition) ?? 0;
        if (reset.to.kind === "earliest") targets.set(key(topic, c.partition), start);
        else if (reset.to.kind === "latest") targets.set(key(topic, c.partition), c.endOffset);
        else {
          const asked = reset.to.offsets.find((o) => o.topic === topic && o.partition === c.partition);
          if (asked !== undefined) targets.set(key(topic, c.partition), Math.min(Math.max(asked.offset, start), c.endOffset));
        }
      }
    }),
  );
  return current
    .filter((c) => targets.has(key(c.topic, c.partition)))
    .map((c) => ({ topic: c.topic, partition: c.partition, currentOffset: c.committedOffset, newOffset: targets.get(key(c.topic, c.partition))! }));
}

/**
 * Commits `offsets` for `groupId` as an admin does: generation -1 and an empty member id, which
 * the coordinator accepts only while the group has no members. Refused with GroupNotEmptyError
 * when it has some, both when asked and if a member joins in between (the coordinator refuses).
 */
export async function commitGroupOffsets(cluster: Cluster, groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
  refuseActive(await describeGroup(cluster, groupId), "resetting offsets");
  if (offsets.length === 0) return;
  const topics = [...new Set(offsets.map((o) => o.topic))];
  await cluster.retry(async () => {
    const connection = await cluster.connectionTo(await findGroupCoordinator(cluster, groupId));
    const response = await connection.request(offsetCommit, {
      groupId,
      generationIdOrMemberEpoch: -1,
      memberId: "",
      groupInstanceId: null,
      retentionTimeMs: -1n,
      topics: topics.map((name) => ({
        name,
        partitions: offsets
          .filter((o) => o.topic === name)
          .map((o) => ({ partitionIndex: o.partition, committedOffset: BigInt(o.offset), committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null })),
      })),
    });
    for (const t of response.topics) {
      for (const p of t.partitions) {
        if (p.errorCode === 0) continue;
        if (SIMPLE_COMMIT_REFUSED.has(p.errorCode)) {
          const group = await describeGroup(cluster, groupId);
          throw new GroupNotEmptyError(groupId, group.state, group.members.length, "resetting offsets");
        }
        throw new KafkaProtocolError(p.errorCode, `commit offset of ${t.name}/${p.partitionIndex} for group "${groupId}"`);
      }
    }
  });
}

/** Deletes a group without members and its committed offsets (DeleteGroups). */
export async function deleteGroupOn(cluster: Cluster, groupId: string): Promise<void> {
  await cluster.retry(async () => {
    const connection = await cluster.connectionTo(await findGroupCoordinator(cluster, groupId));
    const response = await connection.request(deleteGroupsApi, { groupsNames: [groupId] });
    const result = response.results.find((r) => r.groupId === groupId);
    if (result === undefined) throw new KafkaProtocolError(-1, `delete group "${groupId}": no answer for the group`);
    if (result.errorCode === NON_EMPTY_GROUP) {
      const group = await describeGroup(cluster, groupId);
      throw new GroupNotEmptyError(groupId, group.state, group.members.length, "deleting it");
    }
    if (result.errorCode !== 0) throw new KafkaProtocolError(result.errorCode, `delete group "${groupId}"`);
  });
}
