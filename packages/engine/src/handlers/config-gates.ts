/*
 * Config ACLs, as Kafka's KafkaApis checks them: DescribeConfigs needs DESCRIBE_CONFIGS and
 * AlterConfigs/IncrementalAlterConfigs ALTER_CONFIGS, on the topic for a topic resource and on
 * the cluster for a broker resource. A denied resource is answered TOPIC_ or
 * CLUSTER_AUTHORIZATION_FAILED and only the others reach the handler, so a consume-only
 * credential can neither read nor change, say, another topic's retention.
 */
import { CLUSTER_RESOURCE_NAME } from "@freshet/protocol/acls/acl-codes";
import { errorCode } from "@freshet/protocol/errors/error-codes";
import { alterConfigs, type AlterConfigsResponse } from "@freshet/protocol/messages/alter-configs";
import { describeConfigs } from "@freshet/protocol/messages/describe-configs";
import { incrementalAlterConfigs } from "@freshet/protocol/messages/incremental-alter-configs";
import { NO_RESPONSE } from "../server/handler.js";
import type { AclOperation } from "../acls/acl-bindings.js";
import { gate, split, type Can, type Gate } from "./authorize.js";
import { TOPIC_RESOURCE } from "./config-resources.js";

interface ConfigResource {
  readonly resourceType: number;
  readonly resourceName: string;
}

/** Whether `operation` is allowed on the topic or, for any other resource type, on the cluster. */
function mayOn(can: Can, operation: AclOperation, resource: ConfigResource): boolean {
  return resource.resourceType === TOPIC_RESOURCE ? can(operation, "topic", resource.resourceName) : can(operation, "cluster", CLUSTER_RESOURCE_NAME);
}

function refusal(resource: ConfigResource, operation: AclOperation) {
  const onTopic = resource.resourceType === TOPIC_RESOURCE;
  return {
    errorCode: errorCode(onTopic ? "TOPIC_AUTHORIZATION_FAILED" : "CLUSTER_AUTHORIZATION_FAILED"),
    errorMessage: `not authorized to ${operation === "alter_configs" ? "change" : "read"} the configuration of this ${onTopic ? "topic" : "broker"} (see its credential's ACLs)`,
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
  };
}

/** An (Incremental)AlterConfigs answer for the allowed resources, with the refused ones added (both APIs answer alike). */
function withRefusals(answer: AlterConfigsResponse | typeof NO_RESPONSE, denied: readonly ConfigResource[]): AlterConfigsResponse | typeof NO_RESPONSE {
  if (answer === NO_RESPONSE) return answer;
  return { ...answer, responses: [...answer.responses, ...denied.map((resource) => refusal(resource, "alter_configs"))] };
}

export function configGates(): Gate[] {
  return [
    gate(describeConfigs, async (request, _context, next, can) => {
      const [allowed, denied] = split(request.resources, (resource) => mayOn(can, "describe_configs", resource));
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, resources: allowed });
      if (answer === NO_RESPONSE) return answer;
      return { ...answer, results: [...answer.results, ...denied.map((resource) => ({ ...refusal(resource, "describe_configs"), configs: [] }))] };
    }),
    gate(alterConfigs, async (request, _context, next, can) => {
      const [allowed, denied] = split(request.resources, (resource) => mayOn(can, "alter_configs", resource));
      return denied.length === 0 ? next(request) : withRefusals(await next({ ...request, resources: allowed }), denied);
    }),
    gate(incrementalAlterConfigs, async (request, _context, next, can) => {
      const [allowed, denied] = split(request.resources, (resource) => mayOn(can, "alter_configs", resource));
      return denied.length === 0 ? next(request) : withRefusals(await next({ ...request, resources: allowed }), denied);
    }),
  ];
}
