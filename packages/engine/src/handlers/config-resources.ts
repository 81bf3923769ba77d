import type { BrokerContext } from "./broker-context.js";

/** Config resource types of DescribeConfigs and (Incremental)AlterConfigs. */
export const TOPIC_RESOURCE = 2;
export const BROKER_RESOURCE = 4;

/** DescribeConfigs v1+ config sources. */
export const SOURCE_DYNAMIC_TOPIC = 1;
export const SOURCE_DEFAULT = 5;

/** Kafka names a broker resource by its id; "" is the cluster-wide default. */
export function isThisBroker(ctx: BrokerContext, resourceName: string): boolean {
  return resourceName === "" || resourceName === String(ctx.identity.nodeId);
}
