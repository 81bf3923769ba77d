/**
 * Kafka's rack-unaware replica assignment (AdminUtils.assignReplicasToBrokersRackUnaware):
 * the first replica (the preferred leader) walks the SPUs round-robin from a start
 * index, so leadership spreads evenly; followers sit at a shift from it that grows
 * every time the walk wraps around, so the same pairs of SPUs do not always back
 * each other up. `spus` must be sorted and hold at least `replicationFactor` ids.
 */
export function assignReplicas(spus: readonly number[], partitions: number, replicationFactor: number, startIndex: number, firstPartitionId = 0): number[][] {
  const n = spus.length;
  if (replicationFactor < 1 || replicationFactor > n) throw new RangeError(`replication factor ${replicationFactor} needs 1..${n} SPUs`);
  const assignment: number[][] = [];
  let replicaShift = startIndex % n;
  for (let i = 0; i < partitions; i++) {
    const partitionId = firstPartitionId + i;
    if (partitionId > 0 && partitionId % n === 0) replicaShift++;
    const first = (partitionId + startIndex) % n;
    const replicas = [spus[first]!];
    for (let j = 0; j < replicationFactor - 1; j++) {
      replicas.push(spus[(first + 1 + ((replicaShift + j) % (n - 1))) % n]!);
    }
    assignment.push(replicas);
  }
  return assignment;
}
