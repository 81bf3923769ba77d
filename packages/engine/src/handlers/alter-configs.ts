import { errorCode } from "@freshet/protocol/errors/error-codes";
import { alterConfigs } from "@freshet/protocol/messages/alter-configs";
import { incrementalAlterConfigs } from "@freshet/protocol/messages/incremental-alter-configs";
import type { BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";
import { alteredTopicConfig, operationOf, type ConfigOperation } from "../topics/config-changes.js";
import type { TopicChangeError } from "../topics/topics-view.js";
import { BROKER_RESOURCE, isThisBroker, TOPIC_RESOURCE } from "./config-resources.js";

interface ResourceChange {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly operations: readonly ConfigOperation[] | TopicChangeError;
}

/** One resource's answer: a topic's configs changed (or checked, with validate_only), or why not. */
async function applyChange(ctx: BrokerContext, change: ResourceChange, replace: boolean, validateOnly: boolean): Promise<TopicChangeError | null> {
  if (change.resourceType === BROKER_RESOURCE) {
    if (!isThisBroker(ctx, change.resourceName)) return { errorName: "INVALID_REQUEST", message: `this is broker ${ctx.identity.nodeId}, not '${change.resourceName}'` };
    return { errorName: "INVALID_CONFIG", message: "broker configs are set by the broker's flags when it starts and cannot change while it runs" };
  }
  if (change.resourceType !== TOPIC_RESOURCE) return { errorName: "INVALID_REQUEST", message: `config resource type ${change.resourceType} is not supported (topics: 2, brokers: 4)` };
  if (!Array.isArray(change.operations)) return change.operations as TopicChangeError;
  const topic = ctx.topics.describe(change.resourceName);
  if (topic === undefined) return { errorName: "UNKNOWN_TOPIC_OR_PARTITION", message: `topic '${change.resourceName}' does not exist` };
  const altered = alteredTopicConfig(topic, change.operations, replace);
  if (!altered.ok) return altered.error;
  if (validateOnly) return null;
  return ctx.topics.alterConfig(topic.name, altered.value.config, altered.value.explicitConfig);
}

async function answer(ctx: BrokerContext, changes: readonly ResourceChange[], replace: boolean, validateOnly: boolean) {
  const responses = [];
  // One after another: two changes to the same topic in one request apply in order.
  for (const change of changes) {
    const problem = await applyChange(ctx, change, replace, validateOnly);
    responses.push({
      resourceType: change.resourceType,
      resourceName: change.resourceName,
      errorCode: problem === null ? 0 : errorCode(problem.errorName),
      errorMessage: problem?.message ?? null,
    });
    if (problem === null && !validateOnly) ctx.resources.logger.info({ resourceType: change.resourceType, resource: change.resourceName }, "configs altered");
  }
  return { throttleTimeMs: 0, responses };
}

/** AlterConfigs: the named configs replace the topic's; the rest return to their defaults. */
export function alterConfigsHandler(ctx: BrokerContext) {
  return handler(alterConfigs, (request) =>
    answer(
      ctx,
      request.resources.map((resource) => ({
        resourceType: resource.resourceType,
        resourceName: resource.resourceName,
        operations: resource.configs.map((config): ConfigOperation => ({ op: "set", name: config.name, value: config.value })),
      })),
      true,
      request.validateOnly,
    ),
  );
}

/** IncrementalAlterConfigs (KIP-339): SET, DELETE, APPEND or SUBTRACT single keys. */
export function incrementalAlterConfigsHandler(ctx: BrokerContext) {
  return handler(incrementalAlterConfigs, (request) =>
    answer(
      ctx,
      request.resources.map((resource) => {
        const operations: ConfigOperation[] = [];
        for (const config of resource.configs) {
          const operation = operationOf(config.configOperation, config.name, config.value);
          if (operation === null) {
            return {
              resourceType: resource.resourceType,
              resourceName: resource.resourceName,
              operations: { errorName: "INVALID_REQUEST", message: `config operation ${config.configOperation} is not one of SET (0), DELETE (1), APPEND (2), SUBTRACT (3)` },
            };
          }
          operations.push(operation);
        }
        return { resourceType: resource.resourceType, resourceName: resource.resourceName, operations };
      }),
      false,
      request.validateOnly,
    ),
  );
}
