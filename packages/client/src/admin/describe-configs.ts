import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { describeConfigs } from "@freshet/protocol/messages/describe-configs";
import type { Cluster } from "../cluster/cluster.js";
import type { ConfigEntry } from "./types.js";

const TOPIC_RESOURCE = 2;
/** DescribeConfigs v1+ config_source: DEFAULT_CONFIG. */
const SOURCE_DEFAULT = 5;

/** A topic's configs, or null when the broker does not implement DescribeConfigs. */
export async function describeTopicConfigs(cluster: Cluster, topic: string): Promise<ConfigEntry[] | null> {
  const connection = await cluster.anyConnection();
  const version = connection.versionOf(describeConfigs);
  if (version === undefined) return null;
  const response = await connection.request(describeConfigs, {
    resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic, configurationKeys: null }],
    includeSynonyms: false,
    includeDocumentation: false,
  });
  const result = response.results[0];
  if (result === undefined) return [];
  if (result.errorCode !== 0) {
    throw new KafkaProtocolError(result.errorCode, `describe configs of topic "${topic}"${result.errorMessage ? ` (${result.errorMessage})` : ""}`);
  }
  return result.configs
    .map((c) => ({
      name: c.name,
      value: c.value,
      isDefault: version === 0 ? c.isDefault : c.configSource === SOURCE_DEFAULT,
      readOnly: c.readOnly,
      sensitive: c.isSensitive,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
