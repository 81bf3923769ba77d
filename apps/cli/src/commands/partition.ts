import type { Command } from "commander";
import { describeReplicasOf, type ReplicaState } from "@freshet/client/admin/replicas";
import type { FreshetClient } from "@freshet/client/client";
import type { TopicInfo } from "@freshet/client/cluster/metadata-cache";
import { type CliContext, withClient } from "../context.js";
import { parseOptions } from "../options/zod-options.js";
import { partitionListSchema } from "./cluster-options.js";
import { partitionListText, partitionRows } from "./partition-rows.js";

type Globals = () => { bootstrap?: string };

async function topicsOf(client: FreshetClient, topic: string | undefined): Promise<TopicInfo[]> {
  if (topic !== undefined) return [await client.cluster.retry(() => client.cluster.topic(topic, { refresh: true }))];
  const topics = await client.cluster.retry(() => client.cluster.refreshMetadata(null));
  return topics.filter((t) => t.errorCode === 0 && !t.isInternal);
}

/**
 * Asks each leader once for its replicas of `topics`. A leader that cannot answer
 * (it just died, the metadata is stale) costs its rows their offsets, not the listing.
 */
async function leaderReports(client: FreshetClient, topics: readonly TopicInfo[]): Promise<Map<number, ReplicaState[] | null>> {
  const leaders = new Set(topics.flatMap((t) => t.partitions.map((p) => p.leader)).filter((id) => id >= 0));
  const names = topics.map((t) => t.name);
  const reports = await Promise.all([...leaders].map(async (id) => [id, await describeReplicasOf(client.cluster, id, names).catch(() => null)] as const));
  return new Map(reports);
}

export function registerPartitionCommands(program: Command, context: CliContext, globals: Globals): void {
  const partition = program.command("partition").description("inspect partitions and their replicas");

  partition
    .command("list")
    .description("every partition: leader, replicas, in-sync replicas, high watermark and replication lag")
    .option("-t, --topic <name>", "only this topic")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(partitionListSchema, raw);
      const rows = await withClient(context, globals(), async (client) => {
        const topics = await topicsOf(client, options.topic);
        return partitionRows(topics, await leaderReports(client, topics));
      });
      await context.stdout.write(partitionListText(rows));
    });
}
