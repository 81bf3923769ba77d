import { errorCode } from "@freshet/protocol/errors/error-codes";
import { describeConfigs } from "@freshet/protocol/messages/describe-configs";
import type { BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";
import { brokerConfigEntries } from "./broker-configs.js";
import { configTypeOf } from "./config-types.js";
import { configEntries } from "../topics/topic-config.js";
import { BROKER_RESOURCE, isThisBroker, SOURCE_DEFAULT, SOURCE_DYNAMIC_TOPIC, TOPIC_RESOURCE } from "./config-resources.js";

export function describeConfigsHandler(ctx: BrokerContext) {
  return handler(describeConfigs, (request) => ({
    throttleTimeMs: 0,
    results: request.resources.map((resource) => {
      const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
      const wanted = resource.configurationKeys === null ? null : new Set(resource.configurationKeys);
      if (resource.resourceType === BROKER_RESOURCE) {
        if (!isThisBroker(ctx, resource.resourceName)) {
          return { ...base, errorCode: errorCode("INVALID_REQUEST"), errorMessage: `this is broker ${ctx.identity.nodeId}, not '${resource.resourceName}'`, configs: [] };
        }
        const configs = brokerConfigEntries(ctx).filter((entry) => wanted === null || wanted.has(entry.name));
        return {
          ...base,
          errorCode: 0,
          errorMessage: null,
          configs: configs.map((entry) => ({ ...entry, readOnly: true, isSensitive: false, synonyms: [], ...configTypeOf(entry.name, request.includeDocumentation) })),
        };
      }
      const topic = resource.resourceType === TOPIC_RESOURCE ? ctx.topics.describe(resource.resourceName) : undefined;
      if (topic === undefined) {
        const name = resource.resourceType === TOPIC_RESOURCE ? "UNKNOWN_TOPIC_OR_PARTITION" : "INVALID_REQUEST";
        return { ...base, errorCode: errorCode(name), errorMessage: `no ${resource.resourceType === TOPIC_RESOURCE ? "topic" : "resource"} '${resource.resourceName}'`, configs: [] };
      }
      return {
        ...base,
        errorCode: 0,
        errorMessage: null,
        configs: configEntries(topic.config, topic.explicitConfig)
          .filter((entry) => wanted === null || wanted.has(entry.name))
          .map((entry) => ({
            name: entry.name,
            value: entry.value,
            readOnly: false,
            isDefault: entry.isDefault,
            configSource: entry.isDefault ? SOURCE_DEFAULT : SOURCE_DYNAMIC_TOPIC,
            isSensitive: false,
            synonyms: [],
            ...configTypeOf(entry.name, request.includeDocumentation),
          })),
      };
    }),
  }));
}
