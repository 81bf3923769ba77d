import type { BrokerContext } from "../broker/broker-context.js";

/** Config resource types of DescribeConfigs and (Incremental)AlterConfigs. */
export const TOPIC_RESOURCE = 2;
export const BROKER_RESOURCE = 4;

/** DescribeConfigs v1+ config sources. */
export const SOURCE_DYNAMIC_TOPIC = 1;
export const SOURCE_STATIC_BROKER = 4;
export const SOURCE_DEFAULT = 5;

/** Kafka names a broker resource by its id; "" is the cluster-wide default. */
export function isThisBroker(ctx: BrokerContext, resourceName: string): boolean {
  return resourceName === "" || resourceName === String(ctx.identity.nodeId);
}

/** The broker's settings, as the flags it was started with set them; none can change while it runs. */
export function brokerConfigEntries(ctx: BrokerContext): { name: string; value: string }[] {
  return [
    { name: "broker.id", value: String(ctx.identity.nodeId) },
    { name: "num.partitions", value: String(ctx.settings.defaultPartitions) },
    { name: "auto.create.topics.enable", value: String(ctx.settings.autoCreateTopics) },
  ];
}
