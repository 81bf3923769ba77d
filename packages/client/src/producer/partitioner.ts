import type { PartitionInfo } from "../cluster/metadata-cache.js";
import { murmur2, toPositive } from "./murmur2.js";

export interface PartitionerInput {
  readonly key: Uint8Array | null;
  readonly partition?: number;
}

/** Picks a partition for one record given the topic's partitions (sorted by number). */
export type Partitioner = (record: PartitionerInput, partitions: readonly PartitionInfo[]) => number;

/**
 * The Java client's (and kafkajs's) default strategy: an explicit partition wins;
 * a key hashes with murmur2 over all partitions, so a key keeps its partition even
 * while one is leaderless; keyless records go round-robin over partitions with a leader.
 */
export function createDefaultPartitioner(start = 0): Partitioner {
  let counter = start;
  return (record, partitions) => {
    if (record.partition !== undefined) return record.partition;
    if (record.key !== null) return toPositive(murmur2(record.key)) % partitions.length;
    const available = partitions.filter((p) => p.leader >= 0);
    const pool = available.length > 0 ? available : partitions;
    const chosen = pool[toPositive(counter++) % pool.length]!;
    return chosen.partition;
  };
}
