import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import { offsetCommit } from "@freshet/protocol/messages/offset-commit";
import { offsetFetch } from "@freshet/protocol/messages/offset-fetch";
import type { GroupMembership } from "./group-membership.js";

const REBALANCE_CODES = new Set([errorCode("REBALANCE_IN_PROGRESS"), errorCode("ILLEGAL_GENERATION"), errorCode("UNKNOWN_MEMBER_ID")]);

/** Committed offsets of `partitions` (next offset to read); partitions without a commit are absent. */
export async function fetchCommittedOffsets(membership: GroupMembership, topic: string, partitions: readonly number[]): Promise<Map<number, number>> {
  const connection = await membership.coordinatorConnection();
  const response = await connection.request(offsetFetch, {
    groupId: membership.groupId,
    topics: [{ name: topic, partitionIndexes: [...partitions] }],
    groups: [],
    requireStable: false,
  });
  if (response.errorCode !== 0) throw new KafkaProtocolError(response.errorCode, `fetch offsets of group "${membership.groupId}"`);
  const committed = new Map<number, number>();
  for (const t of response.topics) {
    for (const p of t.partitions) {
      if (p.errorCode !== 0) throw new KafkaProtocolError(p.errorCode, `fetch offset of ${topic}/${p.partitionIndex} for group "${membership.groupId}"`);
      // -1 means "nothing committed" (not an error, per OffsetFetch semantics).
      if (p.committedOffset >= 0n) committed.set(p.partitionIndex, Number(p.committedOffset));
    }
  }
  return committed;
}

/**
 * Commits positions for the current generation. A rebalance answer does not throw:
 * the membership is marked for rejoin and the commit is dropped (the new owner
 * resumes from the last successful commit, so records may be read twice, never lost).
 */
export async function commitOffsets(membership: GroupMembership, topic: string, positions: ReadonlyMap<number, number>): Promise<boolean> {
  if (positions.size === 0) return true;
  const connection = await membership.coordinatorConnection();
  const response = await connection.request(offsetCommit, {
    groupId: membership.groupId,
    generationIdOrMemberEpoch: membership.generationId,
    memberId: membership.memberId,
    groupInstanceId: null,
    retentionTimeMs: -1n,
    topics: [
      {
        name: topic,
        partitions: [...positions].map(([partitionIndex, offset]) => ({ partitionIndex, committedOffset: BigInt(offset), committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null })),
      },
    ],
  });
  for (const t of response.topics) {
    for (const p of t.partitions) {
      if (p.errorCode === 0) continue;
      if (REBALANCE_CODES.has(p.errorCode)) {
        membership.markRebalanceNeeded();
        return false;
      }
      throw new KafkaProtocolError(p.errorCode, `commit offset of ${topic}/${p.partitionIndex} for group "${membership.groupId}"`);
    }
  }
  return true;
}
