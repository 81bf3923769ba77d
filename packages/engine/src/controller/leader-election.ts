import type { PartitionState } from "./cluster-state.js";

/** Which SPUs the controller counts as up. */
export interface SpuAvailability {
  /** Not declared dead: a leader among them keeps its leadership. */
  readonly live: ReadonlySet<number>;
  /** Live and heard from since the controller started: the only SPUs given new leaderships. */
  readonly eligible: ReadonlySet<number>;
}

/**
 * Brings one partition in line with which SPUs are up, as Kafka's controller does
 * when brokers are fenced or come back:
 * - dead replicas leave the ISR, except that the last ISR members stay when all of
 *   them are gone: they hold every acknowledged record, so only they may lead cleanly;
 * - a partition without a live leader gets the first replica (in assignment order)
 *   that is in the ISR and eligible; failing that, with unclean election allowed, the
 *   first eligible replica (whose ISR is then itself alone); failing that it goes
 *   offline (leader -1);
 * - every leader change, going offline included, bumps the leader epoch, which
 *   fences the previous leader's ISR changes and lets followers truncate by epoch.
 */
/**
 * An SPU that registers again as a new process may have lost what it held (a wiped
 * or torn disk), so, as Kafka fences a re-registered broker, it leaves the ISR and
 * hands its leadership to another live in-sync replica before it gets any role; it
 * rejoins the ISR by catching up. When it is the only live in-sync copy there is no
 * safer choice: it keeps its place, but a partition it leads gets a new leader epoch.
 * Followers may hold batches it wrote and had not fsynced when it went down (they copy
 * batches before the leader's fsync ends); the new epoch makes them find the divergence
 * point again (OffsetForLeaderEpoch) instead of fetching on across a tail it lost.
 */
export function fenceRestartedReplica(partition: PartitionState, restarted: number, spus: SpuAvailability): PartitionState {
  if (!partition.isr.includes(restarted)) return partition;
  const others = partition.isr.filter((id) => id !== restarted && spus.live.has(id));
  if (others.length === 0) return partition.leader === restarted ? { ...partition, leaderEpoch: partition.leaderEpoch + 1 } : partition;
  const isr = partition.isr.filter((id) => id !== restarted);
  if (partition.leader !== restarted) return { ...partition, isr };
  const leader = partition.replicas.find((id) => others.includes(id) && spus.eligible.has(id)) ?? others[0]!;
  return { ...partition, leader, leaderEpoch: partition.leaderEpoch + 1, isr };
}

export function reconcilePartition(partition: PartitionState, uncleanAllowed: boolean, spus: SpuAvailability): PartitionState {
  const liveIsr = partition.isr.filter((id) => spus.live.has(id));
  const isr = liveIsr.length > 0 ? liveIsr : partition.isr;
  if (partition.leader !== -1 && spus.live.has(partition.leader)) return { ...partition, isr };

  const clean = partition.replicas.find((id) => liveIsr.includes(id) && spus.eligible.has(id));
  if (clean !== undefined) return { ...partition, leader: clean, leaderEpoch: partition.leaderEpoch + 1, isr: liveIsr };

  const unclean = uncleanAllowed ? partition.replicas.find((id) => spus.eligible.has(id)) : undefined;
  if (unclean !== undefined) return { ...partition, leader: unclean, leaderEpoch: partition.leaderEpoch + 1, isr: [unclean] };

  if (partition.leader === -1) return { ...partition, isr };
  return { ...partition, leader: -1, leaderEpoch: partition.leaderEpoch + 1, isr };
}
