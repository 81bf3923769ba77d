import type { Cluster } from "./cluster.js";

/** Partitions of one topic grouped by the broker leading them, for one request per broker. */
export async function groupByLeader(cluster: Cluster, topic: string, partitions: readonly number[]): Promise<Map<number, number[]>> {
  const byLeader = new Map<number, number[]>();
  for (const partition of partitions) {
    const leader = await cluster.leaderOf(topic, partition);
    const list = byLeader.get(leader);
    if (list) list.push(partition);
    else byLeader.set(leader, [partition]);
  }
  return byLeader;
}
