import { describeReplicasOf } from "@freshet/client/admin/replicas";
import type { FreshetClient } from "@freshet/client/client";
import type { TopicInfo } from "@freshet/client/cluster/metadata-cache";
import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { describeConfigs } from "@freshet/protocol/messages/describe-configs";
import { z } from "zod";

const TOPIC_RESOURCE = 2;
/** DescribeConfigs v1+ config_source: DEFAULT_CONFIG. */
const SOURCE_DEFAULT = 5;

export interface TopicConfigValue {
  readonly name: string;
  readonly value: string | null;
  readonly isDefault: boolean;
  readonly readOnly: boolean;
}

/** The configs of every topic in `names`, in one DescribeConfigs request (the broker answers each resource apart). */
export async function topicConfigs(client: FreshetClient, names: readonly string[]): Promise<Map<string, TopicConfigValue[]>> {
  const result = new Map<string, TopicConfigValue[]>();
  if (names.length === 0) return result;
  const connection = await client.cluster.anyConnection();
  const response = await connection.request(describeConfigs, {
    resources: names.map((name) => ({ resourceType: TOPIC_RESOURCE, resourceName: name, configurationKeys: null })),
    includeSynonyms: false,
    includeDocumentation: false,
  });
  for (const answer of response.results) {
    if (answer.errorCode !== 0) throw new KafkaProtocolError(answer.errorCode, `describe configs of topic "${answer.resourceName}"${answer.errorMessage ? ` (${answer.errorMessage})` : ""}`);
    const configs = answer.configs
      .map((c) => ({ name: c.name, value: c.value, isDefault: c.configSource === SOURCE_DEFAULT || c.isDefault, readOnly: c.readOnly }))
      .sort((a, b) => a.name.localeCompare(b.name));
    result.set(answer.resourceName, configs);
  }
  return result;
}

export const configValue = (configs: readonly TopicConfigValue[] | undefined, name: string): string | null => configs?.find((c) => c.name === name)?.value ?? null;

/** One step of a SmartModule chain as `freshet.smartmodules` holds it (the engine validated it at creation). */
export interface ChainStep {
  readonly module: string;
  readonly params: Readonly<Record<string, string>>;
}

const chainSchema = z.array(z.object({ module: z.string(), params: z.record(z.string(), z.string()).default({}) }));

/** The chain in a topic's `freshet.smartmodules`; empty for none (or for text a newer engine wrote that this API cannot read). */
export function chainOf(configs: readonly TopicConfigValue[] | undefined): ChainStep[] {
  const text = configValue(configs, "freshet.smartmodules") ?? "";
  if (text === "") return [];
  try {
    const parsed = chainSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** A derived topic's source, or null for an ordinary topic. */
export function sourceOf(configs: readonly TopicConfigValue[] | undefined): string | null {
  const source = configValue(configs, "freshet.source") ?? "";
  return source === "" ? null : source;
}

/**
 * The size of each partition's leader log, keyed "topic/partition", asked of every broker that
 * leads a partition in `topics`. A broker that does not report sizes leaves its partitions out.
 */
export async function leaderLogSizes(client: FreshetClient, topics: readonly TopicInfo[]): Promise<Map<string, number>> {
  const leaders = new Set(topics.flatMap((t) => t.partitions.map((p) => p.leader)).filter((leader) => leader >= 0));
  const wanted = new Set(topics.map((t) => t.name));
  const sizes = new Map<string, number>();
  await Promise.all(
    [...leaders].map(async (leader) => {
      const replicas = await describeReplicasOf(client.cluster, leader, [...wanted]);
      for (const replica of replicas ?? []) {
        if (replica.role === "leader" && replica.sizeBytes !== null) sizes.set(`${replica.topic}/${replica.partition}`, replica.sizeBytes);
      }
    }),
  );
  return sizes;
}

/** The sum of a topic's partitions' leader log sizes; null when no partition's size is known. */
export function topicSize(sizes: ReadonlyMap<string, number>, topic: TopicInfo): number | null {
  const known = topic.partitions.map((p) => sizes.get(`${topic.name}/${p.partition}`)).filter((size): size is number => size !== undefined);
  return known.length === 0 ? null : known.reduce((sum, size) => sum + size, 0);
}
