import { topicDefaultsOf, type BrokerContext } from "./broker-context.js";
import { defaultReplication } from "../topics/topic-defaults.js";
import { SOURCE_DEFAULT } from "./config-resources.js";

/** DescribeConfigs v1+ config source of a setting from the broker's flags. */
const SOURCE_STATIC_BROKER = 4;

export interface BrokerConfigEntry {
  readonly name: string;
  readonly value: string;
  readonly isDefault: boolean;
  readonly configSource: number;
}

/**
 * The broker settings DescribeConfigs shows for a broker resource, under Kafka's names.
 * In a cluster they are the controller's (it decides how topics are created), so every
 * SPU answers the same.
 */
export function brokerConfigEntries(ctx: Pick<BrokerContext, "identity" | "topics" | "settings">): BrokerConfigEntry[] {
  const defaults = topicDefaultsOf(ctx);
  const entry = (name: string, value: string, isDefault: boolean): BrokerConfigEntry => ({
    name,
    value,
    isDefault,
    configSource: isDefault ? SOURCE_DEFAULT : SOURCE_STATIC_BROKER,
  });
  return [
    entry("broker.id", String(ctx.identity.nodeId), false),
    entry("num.partitions", String(defaults.numPartitions), defaults.numPartitions === 1),
    entry("default.replication.factor", String(defaultReplication(defaults, ctx.topics.brokers().length)), defaults.replicationFactor === undefined),
    entry("auto.create.topics.enable", String(ctx.settings.autoCreateTopics), ctx.settings.autoCreateTopics),
  ];
}
