import type { Cluster } from "../../cluster/cluster.js";
import { listPartitionOffsets } from "../../cluster/list-offsets.js";
import { sleep } from "../../time/clock.js";
import type { ConsumedRecord, StartPosition } from "../consumed-record.js";
import { planPartitions } from "../consume.js";
import { PartitionFetcher, type FetcherOptions } from "../partition-fetcher.js";
import { commitOffsets, fetchCommittedOffsets } from "./group-offsets.js";
import { GroupMembership, type GroupMembershipOptions } from "./group-membership.js";

export interface ConsumeGroupOptions extends Omit<FetcherOptions, "endOffsets">, Omit<GroupMembershipOptions, "topics"> {
  readonly topic: string;
  /** For partitions without a committed offset. Default: the end. */
  readonly start?: StartPosition;
  /** Stop once every assigned partition reached the end it had at assignment time. */
  readonly exitAtEnd?: boolean;
  /** Default 2 s (the fluvio CLI's offset flush interval). */
  readonly autoCommitIntervalMs?: number;
}

async function startPositions(
  cluster: Cluster,
  membership: GroupMembership,
  topic: string,
  partitions: readonly number[],
  start: StartPosition,
): Promise<{ positions: Map<number, number>; ends: Map<number, number> }> {
  const [committed, plan] = await Promise.all([fetchCommittedOffsets(membership, topic, partitions), planPartitions(cluster, topic, partitions, start)]);
  const earliest = committed.size > 0 ? await listPartitionOffsets(cluster, topic, [...committed.keys()], "earliest") : new Map<number, number>();
  for (const [partition, offset] of committed) {
    // A commit older than retention falls back to the log start, like auto.offset.reset=earliest.
    plan.positions.set(partition, Math.max(offset, earliest.get(partition) ?? 0));
  }
  return plan;
}

/**
 * Records of `topic` as a member of `groupId`: partitions come from the group's
 * assignment, start at the committed offsets, and positions are committed every
 * `autoCommitIntervalMs`, before each rebalance and at the end (then the member leaves).
 */
export async function* consumeGroup(cluster: Cluster, options: ConsumeGroupOptions): AsyncGenerator<ConsumedRecord, void, undefined> {
  const membership = new GroupMembership(cluster, { ...options, topics: [options.topic] });
  const commitEveryMs = options.autoCommitIntervalMs ?? 2_000;
  let fetcher: PartitionFetcher | null = null;
  try {
    for (;;) {
      const generation = await membership.join();
      const partitions = generation.assignment.filter((a) => a.topic === options.topic).flatMap((a) => a.partitions);
      const plan = await startPositions(cluster, membership, options.topic, partitions, options.start ?? { kind: "end" });
      fetcher = new PartitionFetcher(cluster, options.topic, plan.positions, { ...options, endOffsets: options.exitAtEnd ? plan.ends : undefined });
      let lastCommit = cluster.clock.now();
      while (!membership.rebalanceNeeded) {
        if (options.signal?.aborted) return;
        // A member without partitions just waits for the next rebalance (or the end).
        if (partitions.length === 0 && options.exitAtEnd) return;
        const records =
          partitions.length === 0
            ? await idle(cluster, options)
            : await fetcher.next().catch((error: unknown) => {
                if (options.signal?.aborted) return null;
                throw error;
              });
        if (records === null) return;
        yield* records;
        if (cluster.clock.now() - lastCommit >= commitEveryMs) {
          await commitOffsets(membership, options.topic, fetcher.positions);
          lastCommit = cluster.clock.now();
        }
      }
      await commitOffsets(membership, options.topic, fetcher.positions);
      fetcher.close();
      fetcher = null;
    }
  } finally {
    if (fetcher !== null) {
      await commitOffsets(membership, options.topic, fetcher.positions).catch(() => false);
      fetcher.close();
    }
    await membership.leave();
  }
}

async function idle(cluster: Cluster, options: ConsumeGroupOptions): Promise<[]> {
  await sleep(cluster.clock, options.maxWaitMs ?? 500, options.signal).catch(() => undefined);
  return [];
}
